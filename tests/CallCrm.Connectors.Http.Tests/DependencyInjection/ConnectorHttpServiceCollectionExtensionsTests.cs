using CallCrm.Connectors.Errors;
using CallCrm.Connectors.Http.Tests.Infrastructure;
using CallCrm.Connectors.Providers;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace CallCrm.Connectors.Http.Tests.DependencyInjection;

/// <summary>The registrations whose settings come from other services: the <c>(IServiceProvider, options)</c> overload and
/// the rate limit computed by a policy factory, both read when first used, never at registration.</summary>
public sealed class ConnectorHttpServiceCollectionExtensionsTests
{
    [Test]
    public async Task AddCallCrmHttpClient_ServiceProviderOverload_ReadsAnotherOptionsClassConfiguredAfterRegistration()
    {
        await using var vendor = await VendorFake.StartAsync(app => app.Map("/ping", () => "pong"));
        var runs = 0;
        await using var services = Services.Build(s =>
        {
            s.AddCallCrmHttpClient("tenant", (sp, options) =>
            {
                runs++;
                var tenant = sp.GetRequiredService<IOptionsMonitor<TenantOptions>>().Get("tenant");
                options.BaseAddress = tenant.ApiAddress;
                options.AllowInsecureLoopback = true;
            });
            s.Configure<TenantOptions>("tenant", o => o.ApiAddress = vendor.BaseAddress);
        });

        var answer = await services.Client("tenant").GetStringAsync(new Uri("ping", UriKind.Relative));

        answer.Should().Be("pong");
        runs.Should().Be(1);
    }

    [Test]
    public async Task AddRateLimit_PolicyFactory_SizesTheLimiterFromOptionsSetAfterRegistrationOnce()
    {
        await using var vendor = await VendorFake.StartAsync(app => app.Map("/ping", () => "pong"));
        var factoryCalls = 0;
        await using var services = Services.Build(
            s =>
            {
                s.AddCallCrmHttpClient("tenant", o =>
                    {
                        o.BaseAddress = vendor.BaseAddress;
                        o.AllowInsecureLoopback = true;
                        o.Retry.MaxRetryAttempts = 0;
                    })
                    .AddRateLimit(
                        sp =>
                        {
                            factoryCalls++;
                            return new RateLimitPolicy(sp.GetRequiredService<IOptions<TenantOptions>>().Value.PermitsPerMinute, TimeSpan.FromMinutes(1));
                        },
                        o => o.QueueLimit = 0);
                s.Configure<TenantOptions>(o => o.PermitsPerMinute = 3);
            },
            new FakeTimeProvider(new DateTimeOffset(2026, 6, 1, 12, 0, 0, TimeSpan.Zero)));
        var client = services.Client("tenant");

        // The clock stands still, so the fourth request is over the limit and, with no queue, refused at once.
        for (var i = 0; i < 3; i++)
        {
            (await client.GetStringAsync(new Uri("ping", UriKind.Relative))).Should().Be("pong");
        }

        var fourth = async () => await client.GetStringAsync(new Uri("ping", UriKind.Relative));

        (await fourth.Should().ThrowAsync<ConnectorException>()).Which.Code.Should().Be(ConnectorErrorCode.RateLimited);
        factoryCalls.Should().Be(1, "the limiter is created once and lives as long as the container");
    }

    public sealed class TenantOptions
    {
        public Uri? ApiAddress { get; set; }

        public int PermitsPerMinute { get; set; } = 100;
    }
}
