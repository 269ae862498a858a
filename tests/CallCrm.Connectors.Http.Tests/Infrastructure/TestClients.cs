using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace CallCrm.Connectors.Http.Tests.Infrastructure;

internal static class TestClients
{
    public const string Name = "acme";
    public const string SystemName = "Acme CRM";

    /// <summary>A connector client for the fake vendor: loopback http allowed, retries without delay (so tests need no clock).</summary>
    public static ServiceProvider Build(
        VendorFake vendor,
        Action<ConnectorHttpClientOptions>? configure = null,
        Action<IConnectorHttpClientBuilder>? more = null,
        TimeProvider? timeProvider = null,
        ILoggerProvider? logs = null) =>
        Services.Build(
            services =>
            {
                var builder = services.AddCallCrmHttpClient(Name, options =>
                {
                    options.BaseAddress = vendor.BaseAddress;
                    options.AllowInsecureLoopback = true;
                    options.SystemName = SystemName;
                    options.Retry.BaseDelay = TimeSpan.Zero;
                    options.Retry.UseJitter = false;
                    configure?.Invoke(options);
                });
                more?.Invoke(builder);
            },
            timeProvider,
            logs);
}
