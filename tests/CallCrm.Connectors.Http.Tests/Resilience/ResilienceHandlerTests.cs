using CallCrm.Connectors.Errors;
using CallCrm.Connectors.Http.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Polly;
using Polly.Registry;
using Polly.Retry;

namespace CallCrm.Connectors.Http.Tests.Resilience;

public class ResilienceHandlerTests
{
    [Test]
    [CancelAfter(30_000)]
    public async Task SendAsync_RetryAfterLongerThanWhatIsLeftOfTheTotalTimeout_ReturnsAtOnceWithTheWait(CancellationToken cancellationToken)
    {
        // The vendor's wait is within MaxRetryAfter, but not within what is left of the request's total budget: waiting would
        // only end in the total timeout, which hides the Retry-After from the caller who could have scheduled the work.
        await using var vendor = await VendorFake.StartAsync(app => app.Map("/busy", (HttpContext context) =>
        {
            context.Response.Headers.RetryAfter = "20";
            return Results.StatusCode(429);
        }));
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 6, 1, 0, 0, 0, TimeSpan.Zero));
        await using var services = TestClients.Build(
            vendor,
            o =>
            {
                o.AttemptTimeout = TimeSpan.FromSeconds(10);
                o.TotalRequestTimeout = TimeSpan.FromSeconds(20.5);
                o.Retry.MaxRetryAfter = TimeSpan.FromSeconds(20);
            },
            timeProvider: time);

        var act = () => services.Client(TestClients.Name).GetAsync(new Uri("busy", UriKind.Relative), cancellationToken);

        var exception = (await act.Should().ThrowAsync<ConnectorException>()).Which;
        exception.Code.Should().Be(ConnectorErrorCode.RateLimited);
        exception.Error.RetryAfter.Should().Be(TimeSpan.FromSeconds(20));
        vendor.Hits.Should().Be(1);
    }

    [Test]
    public async Task SendAsync_PipelineRegisteredUnderTheClientsKey_ReplacesTheDefaultAndSeesTheRequest()
    {
        await using var vendor = await VendorFake.StartAsync(app => app.Map("/flaky", () => Results.StatusCode(503)));
        var registry = new ResiliencePipelineRegistry<string>();
        registry.TryAddBuilder<HttpResponseMessage>(ConnectorHttpResiliencePipelines.KeyFor(TestClients.Name), (builder, _) => builder.AddRetry(new RetryStrategyOptions<HttpResponseMessage>
        {
            MaxRetryAttempts = 5,
            Delay = TimeSpan.Zero,
            ShouldHandle = args => ValueTask.FromResult(
                args.Context.Properties.TryGetValue(ConnectorHttpResiliencePipelines.RequestKey, out var request)
                && request.IsIdempotent()
                && args.Outcome.Result is { StatusCode: System.Net.HttpStatusCode.ServiceUnavailable }),
        })).Should().BeTrue();
        await using var services = TestClients.Build(vendor, more: builder => builder.Services.AddSingleton<ResiliencePipelineProvider<string>>(registry));

        var act = () => services.Client(TestClients.Name).GetAsync(new Uri("flaky", UriKind.Relative));

        (await act.Should().ThrowAsync<ConnectorException>()).Which.Code.Should().Be(ConnectorErrorCode.ServiceUnavailable);
        vendor.Hits.Should().Be(6, "the registered pipeline retries five times where the default retries twice");
    }

    [Test]
    public async Task SendAsync_DefaultPipeline_SendsAnIdempotentRequestAtMostOnePlusMaxRetryAttemptsTimes()
    {
        await using var vendor = await VendorFake.StartAsync(app => app.Map("/down", () => Results.StatusCode(503)));
        await using var services = TestClients.Build(vendor);

        var act = () => services.Client(TestClients.Name).GetAsync(new Uri("down", UriKind.Relative));

        await act.Should().ThrowAsync<ConnectorException>();
        vendor.Hits.Should().Be(1 + new ConnectorRetryOptions().MaxRetryAttempts).And.Be(3);
    }
}
