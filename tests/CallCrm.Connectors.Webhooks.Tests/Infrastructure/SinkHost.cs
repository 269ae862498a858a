using CallCrm.Connectors.Providers;
using CallCrm.Connectors.Security.Redaction;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace CallCrm.Connectors.Webhooks.Tests.Infrastructure;

/// <summary>Builds a container the way a host would (start-time validation included) and resolves the sink.</summary>
internal static class SinkHost
{
    public const string Secret = "test-webhook-secret-0123456789";

    /// <summary>A fixed start, so timestamps in signatures are known.</summary>
    public static readonly DateTimeOffset Start = new(2026, 11, 23, 14, 5, 0, TimeSpan.Zero);

    public static FakeTimeProvider NewClock() => new(Start);

    public static ServiceProvider Build(Uri endpoint, TimeProvider clock, Action<WebhookSinkOptions>? configure = null, ILoggerProvider? logs = null)
    {
        var services = new ServiceCollection();
        services.AddLogging(builder =>
        {
            builder.SetMinimumLevel(LogLevel.Trace);
            if (logs is not null)
            {
                builder.AddProvider(logs);
            }
        });
        services.AddSingleton(clock);
        services.AddWebhookCallSystemSink(options =>
        {
            options.Endpoint = endpoint;
            options.Secret = new Secret(Secret);
            options.AllowInsecureLoopback = true;
            options.SystemName = "Test Call System";
            configure?.Invoke(options);
        });
        var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateScopes = true, ValidateOnBuild = true });
        provider.GetRequiredService<IStartupValidator>().Validate();
        return provider;
    }

    public static ICallSystemSink Sink(this IServiceProvider provider) => provider.GetRequiredService<ICallSystemSink>();
}
