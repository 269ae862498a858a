using System;
using CallCrm.Connectors.Http;
using CallCrm.Connectors.Http.Authentication;
using CallCrm.Connectors.Providers;
using CallCrm.Connectors.Security.Webhooks;
using CallCrm.Connectors.Twilio;
using CallCrm.Connectors.Twilio.Internal;
using CallCrm.Connectors.Twilio.Webhooks;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the Twilio call source and status-callback handler.</summary>
public static class TwilioServiceCollectionExtensions
{
    /// <summary>Adds the Twilio call source (<see cref="TwilioCallSource"/>, also as <see cref="ICallSource"/> and as the
    /// keyed <see cref="ICallSource"/> <c>twilio</c>), its connector HTTP client (HTTPS only, basic authentication,
    /// Twilio's rate policy, retries) and <see cref="TwilioStatusCallbackHandler"/>.</summary>
    /// <param name="services">The services.</param>
    /// <param name="configure">Sets the <see cref="TwilioOptions"/>.</param>
    /// <returns>The builder of the <c>twilio</c> HTTP client, to adjust its pipeline further.</returns>
    public static IConnectorHttpClientBuilder AddTwilioCallSource(this IServiceCollection services, Action<TwilioOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configure);
        return AddCore(services, services.AddOptions<TwilioOptions>().Configure(configure));
    }

    /// <summary>Adds the Twilio call source with <see cref="TwilioOptions"/> bound from configuration (secrets bind
    /// from strings, for example from user secrets or environment variables).</summary>
    /// <param name="services">The services.</param>
    /// <param name="configuration">The section holding <see cref="TwilioOptions"/>, for example <c>CallCrm:Twilio</c>.</param>
    /// <returns>The builder of the <c>twilio</c> HTTP client.</returns>
    public static IConnectorHttpClientBuilder AddTwilioCallSource(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        return AddCore(services, services.AddOptions<TwilioOptions>().Bind(configuration));
    }

    private static IConnectorHttpClientBuilder AddCore(IServiceCollection services, OptionsBuilder<TwilioOptions> options)
    {
        const string name = TwilioCallSource.ProviderName;
        options.ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<TwilioOptions>, TwilioOptionsValidator>());

        var builder = services
            .AddCallCrmHttpClient<TwilioApiClient>(name, _ => { })
            .AddBasicAuthentication(_ => { })
            .AddRateLimit(TwilioCallSource.DefaultRateLimitPolicy);
        services.AddOptions<ConnectorHttpClientOptions>(name).Configure<IOptions<TwilioOptions>>((http, twilio) =>
        {
            http.BaseAddress = twilio.Value.BaseAddress;
            http.AllowInsecureLoopback = twilio.Value.AllowInsecureLoopback;
            http.SystemName = TwilioCallMapper.DisplayName;
        });
        services.AddOptions<BasicAuthenticationOptions>(name).Configure<IOptions<TwilioOptions>>((basic, twilio) =>
        {
            // An API key signs in as the key SID; the Account SID stays in every request path either way.
            var value = twilio.Value;
            basic.UserName = value.UsesApiKey ? value.ApiKeySid! : value.AccountSid;
            basic.Password = (value.UsesApiKey ? value.ApiKeySecret : value.AuthToken)?.Reveal() ?? string.Empty;
        });

        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(sp => new TwilioCallMapper(sp.GetRequiredService<IOptions<TwilioOptions>>().Value.DefaultRegion));
        services.TryAddSingleton(sp => new TwilioCallSource(
            () => sp.GetRequiredService<TwilioApiClient>(),
            sp.GetRequiredService<TwilioCallMapper>(),
            sp.GetRequiredService<IOptions<TwilioOptions>>().Value,
            sp.GetRequiredService<TimeProvider>(),
            (sp.GetService<ILoggerFactory>() ?? NullLoggerFactory.Instance).CreateLogger<TwilioCallSource>()));
        services.AddSingleton<ICallSource>(sp => sp.GetRequiredService<TwilioCallSource>());
        services.AddKeyedSingleton<ICallSource>(name, (sp, _) => sp.GetRequiredService<TwilioCallSource>());

        services.TryAddSingleton<IWebhookReplayStore>(sp => new InMemoryWebhookReplayStore(sp.GetRequiredService<TimeProvider>()));
        services.TryAddSingleton(sp => new TwilioStatusCallbackHandler(
            sp.GetRequiredService<IOptions<TwilioOptions>>(),
            sp.GetRequiredService<IWebhookReplayStore>(),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetService<ILoggerFactory>()));
        return builder;
    }
}
