using System.Diagnostics.Metrics;
using CallCrm.Connectors.Errors;
using CallCrm.Connectors.Diagnostics;
using CallCrm.Connectors.Http.Tests.Infrastructure;
using CallCrm.Connectors.Providers;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;

namespace CallCrm.Connectors.Http.Tests;

public class MetricsTests
{
    [Test]
    public async Task Metrics_TooManyRequestsThenServerErrors_CountPauseFailuresAndRetriesPerSystem()
    {
        var calls = 0;
        await using var vendor = await VendorFake.StartAsync(app => app.Map("/data", (HttpContext context) =>
        {
            if (Interlocked.Increment(ref calls) == 1)
            {
                context.Response.Headers.RetryAfter = "600";
                return Results.StatusCode(429);
            }

            return Results.StatusCode(503);
        }));
        await using var services = TestClients.Build(vendor, more: b =>
        {
            b.Services.AddMetrics();
            b.AddRateLimit(new RateLimitPolicy(100, TimeSpan.FromSeconds(10)), o =>
            {
                o.DefaultPause = TimeSpan.FromMilliseconds(1);
                o.MaxPause = TimeSpan.FromMilliseconds(1);
            });
        });
        var meters = services.GetRequiredService<IMeterFactory>();
        using var pauses = new MetricCollector<long>(meters, CallCrmTelemetry.MeterNames.Http, "callcrm.http.rate_limit.pauses");
        using var failures = new MetricCollector<long>(meters, CallCrmTelemetry.MeterNames.Http, "callcrm.http.failures");
        using var retries = new MetricCollector<long>(meters, CallCrmTelemetry.MeterNames.Http, "callcrm.http.retries");
        var client = services.Client(TestClients.Name);

        await FluentActions.Awaiting(() => client.GetAsync(new Uri("data", UriKind.Relative))).Should().ThrowAsync<ConnectorException>();
        await FluentActions.Awaiting(() => client.GetAsync(new Uri("data", UriKind.Relative))).Should().ThrowAsync<ConnectorException>();

        pauses.GetMeasurementSnapshot().Should().ContainSingle().Which.Tags.Should().Contain("callcrm.rate_limit.reason", "429").And.Contain("callcrm.system", TestClients.SystemName);
        failures.GetMeasurementSnapshot().Select(m => (string)m.Tags["error.type"]!).Should().Equal("RATE_LIMITED", "SERVICE_UNAVAILABLE");
        retries.GetMeasurementSnapshot().Should().HaveCount(2, "the GET answered 503 is retried twice (the default MaxRetryAttempts)");
    }
}
