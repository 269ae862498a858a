using System;
using System.Linq;
using System.Net.Http;
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

/// <summary>Registers Twilio accounts as call sources, with their status-callback handlers: one registration per
/// account, each under its own name.</summary>
/// <remarks>
/// <para>A registration named <c>name</c> adds <see cref="TwilioCallSource"/> (also as <see cref="ICallSource"/>) and
/// <see cref="TwilioStatusCallbackHandler"/> as keyed services under <c>name</c>, reading the named options
/// <c>IOptionsMonitor&lt;TwilioOptions&gt;.Get(name)</c>, over its own connector HTTP client
/// (<see cref="TwilioOptions.HttpClientNameOf"/>: HTTPS only, basic authentication with the account's credentials,
/// Twilio's rate policy, retries). The overloads without a name register under <see cref="TwilioOptions.DefaultName"/>.
/// The first account registered is also the unkeyed service, for hosts with one.</para>
/// <para>Nothing is read from the options while registering, and the credentials stay
/// <see cref="CallCrm.Connectors.Security.Redaction.Secret"/>s up to the request header.</para>
/// </remarks>
public static class TwilioServiceCollectionExtensions
{
    /// <summary>Adds the Twilio account named <see cref="TwilioOptions.DefaultName"/>, with options configured elsewhere
    /// (<c>services.Configure&lt;TwilioOptions&gt;(TwilioOptions.DefaultName, ...)</c>).</summary>
    /// <param name="services">The services.</param>
    /// <returns>The builder of the account's HTTP client, to adjust its pipeline further.</returns>
    public static IConnectorHttpClientBuilder AddTwilioCallSource(this IServiceCollection services) =>
        services.AddTwilioCallSource(TwilioOptions.DefaultName);

    /// <summary>Adds the Twilio account named <see cref="TwilioOptions.DefaultName"/>.</summary>
    /// <param name="services">The services.</param>
    /// <param name="configure">Sets the <see cref="TwilioOptions"/>; run once, when they are first read.</param>
    /// <returns>The builder of the account's HTTP client, to adjust its pipeline further.</returns>
    public static IConnectorHttpClientBuilder AddTwilioCallSource(this IServiceCollection services, Action<TwilioOptions> configure) =>
        services.AddTwilioCallSource(TwilioOptions.DefaultName, configure);

    /// <summary>Adds the Twilio account named <see cref="TwilioOptions.DefaultName"/> with <see cref="TwilioOptions"/>
    /// bound from configuration (secrets bind from strings, for example from user secrets or environment variables).</summary>
    /// <param name="services">The services.</param>
    /// <param name="section">The section holding <see cref="TwilioOptions"/>, for example <c>CallCrm:Twilio</c>.</param>
    /// <returns>The builder of the account's HTTP client.</returns>
    public static IConnectorHttpClientBuilder AddTwilioCallSource(this IServiceCollection services, IConfigurationSection section) =>
        services.AddTwilioCallSource(TwilioOptions.DefaultName, section);

    /// <summary>Adds a named Twilio account, with options configured elsewhere
    /// (<c>services.Configure&lt;TwilioOptions&gt;(name, ...)</c>).</summary>
    /// <param name="services">The services.</param>
    /// <param name="name">The account's name: the key of its services, the name of its options and its source's
    /// <see cref="IConnectorProvider.Name"/>, which streams name as their source.</param>
    /// <returns>The builder of the account's HTTP client.</returns>
    /// <exception cref="InvalidOperationException">An account of that name is already registered.</exception>
    public static IConnectorHttpClientBuilder AddTwilioCallSource(this IServiceCollection services, string name)
        => AddCore(services, name, static _ => { });

    /// <summary>Adds a named Twilio account.</summary>
    /// <param name="services">The services.</param>
    /// <param name="name">The account's name (see <see cref="AddTwilioCallSource(IServiceCollection, string)"/>).</param>
    /// <param name="configure">Sets the <see cref="TwilioOptions"/>; run once, when they are first read.</param>
    /// <returns>The builder of the account's HTTP client.</returns>
    /// <exception cref="InvalidOperationException">An account of that name is already registered.</exception>
    public static IConnectorHttpClientBuilder AddTwilioCallSource(this IServiceCollection services, string name, Action<TwilioOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        return AddCore(services, name, options => options.Configure(configure));
    }

    /// <summary>Adds a named Twilio account with <see cref="TwilioOptions"/> bound from configuration.</summary>
    /// <param name="services">The services.</param>
    /// <param name="name">The account's name (see <see cref="AddTwilioCallSource(IServiceCollection, string)"/>).</param>
    /// <param name="section">The section holding <see cref="TwilioOptions"/>.</param>
    /// <returns>The builder of the account's HTTP client.</returns>
    /// <exception cref="InvalidOperationException">An account of that name is already registered.</exception>
    public static IConnectorHttpClientBuilder AddTwilioCallSource(this IServiceCollection services, string name, IConfigurationSection section)
    {
        ArgumentNullException.ThrowIfNull(section);
        return AddCore(services, name, options => options.Bind(section));
    }

    /// <summary>What every overload does: the name checked and unique, the named options set up by <paramref name="configureOptions"/>
    /// (nothing, a delegate or a configuration section) and validated at start, then the services.</summary>
    private static IConnectorHttpClientBuilder AddCore(IServiceCollection services, string name, Action<OptionsBuilder<TwilioOptions>> configureOptions)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        if (services.Any(d => d.IsKeyedService && d.ServiceType == typeof(TwilioCallSource) && Equals(d.ServiceKey, name)))
        {
            throw new InvalidOperationException("A Twilio account named '" + name + "' is already registered; give each account its own name.");
        }

        var options = services.AddOptions<TwilioOptions>(name);
        configureOptions(options);
        options.ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<TwilioOptions>, TwilioOptionsValidator>());

        var clientName = TwilioOptions.HttpClientNameOf(name);
        var builder = services
            .AddCallCrmHttpClient(clientName, (sp, http) =>
            {
                var twilio = Options(sp, name);
                http.BaseAddress = twilio.BaseAddress;
                http.AllowInsecureLoopback = twilio.AllowInsecureLoopback;
                http.SystemName = TwilioCallMapper.DisplayName;
            })
            .AddBasicAuthentication(_ => { })
            .AddRateLimit(TwilioCallSource.DefaultRateLimitPolicy);
        services.AddOptions<BasicAuthenticationOptions>(clientName).Configure<IOptionsMonitor<TwilioOptions>>((basic, monitor) =>
        {
            // An API key signs in as the key SID; the Account SID stays in every request path either way.
            var twilio = monitor.Get(name);
            basic.UserName = twilio.UsesApiKey ? twilio.ApiKeySid! : twilio.AccountSid;
            basic.Password = twilio.UsesApiKey ? twilio.ApiKeySecret : twilio.AuthToken;
        });

        services.TryAddSingleton(TimeProvider.System);
        services.AddKeyedSingleton(name, (sp, _) =>
        {
            var twilio = Options(sp, name);
            var factory = sp.GetRequiredService<IHttpClientFactory>();
            var guard = sp.GetRequiredKeyedService<VendorUrlGuard>(clientName);
            return new TwilioCallSource(
                () => new TwilioApiClient(factory.CreateClient(clientName), guard, twilio.AccountSid),
                new TwilioCallMapper(twilio.DefaultRegion),
                twilio,
                sp.GetRequiredService<TimeProvider>(),
                (sp.GetService<ILoggerFactory>() ?? NullLoggerFactory.Instance).CreateLogger<TwilioCallSource>())
            {
                Name = name,
            };
        });
        services.AddKeyedSingleton<ICallSource>(name, (sp, key) => sp.GetRequiredKeyedService<TwilioCallSource>(key));

        services.TryAddSingleton<IWebhookReplayStore>(sp => new InMemoryWebhookReplayStore(sp.GetRequiredService<TimeProvider>()));
        services.AddKeyedSingleton(name, (sp, _) => new TwilioStatusCallbackHandler(
            Microsoft.Extensions.Options.Options.Create(Options(sp, name)),
            sp.GetRequiredService<IWebhookReplayStore>(),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetService<ILoggerFactory>()));

        // The first account registered is also the unkeyed service, for hosts with one account.
        services.TryAddSingleton(sp => sp.GetRequiredKeyedService<TwilioCallSource>(name));
        services.TryAddSingleton<ICallSource>(sp => sp.GetRequiredKeyedService<TwilioCallSource>(name));
        services.TryAddSingleton(sp => sp.GetRequiredKeyedService<TwilioStatusCallbackHandler>(name));
        return builder;
    }

    private static TwilioOptions Options(IServiceProvider services, string name) =>
        services.GetRequiredService<IOptionsMonitor<TwilioOptions>>().Get(name);
}
