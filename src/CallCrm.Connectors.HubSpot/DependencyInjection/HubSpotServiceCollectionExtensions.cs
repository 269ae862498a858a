using System;
using System.Linq;
using System.Net.Http;
using CallCrm.Connectors.HubSpot;
using CallCrm.Connectors.HubSpot.Internal;
using CallCrm.Connectors.Http;
using CallCrm.Connectors.Normalization;
using CallCrm.Connectors.Providers;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers HubSpot CRM portals: one registration per portal, each under its own name.</summary>
/// <remarks>
/// <para>A registration named <c>name</c> adds <see cref="ICrmSink"/>, <see cref="ICustomerSource"/>,
/// <see cref="ICustomerLookup"/> and <see cref="ICrmTagSink"/> (and the concrete HubSpot types) as keyed services under
/// <c>name</c>, reading the named options <c>IOptionsMonitor&lt;HubSpotOptions&gt;.Get(name)</c>, over its own connector
/// HTTP client (own credentials, own rate limiter, own contact index). The overloads without a name register under
/// <see cref="HubSpotOptions.DefaultName"/>. The first portal registered is also the unkeyed service, for hosts with one.</para>
/// <para>Nothing is read from the options while registering: they are read when the providers are first resolved, so
/// options configured after this call (<c>services.Configure&lt;HubSpotOptions&gt;(name, ...)</c>) count, and each
/// configuration delegate runs once.</para>
/// </remarks>
public static class HubSpotServiceCollectionExtensions
{
    private const string LoggerCategory = "CallCrm.Connectors.HubSpot";

    /// <summary>Registers the HubSpot portal named <see cref="HubSpotOptions.DefaultName"/>, with options configured
    /// elsewhere (<c>services.Configure&lt;HubSpotOptions&gt;(HubSpotOptions.DefaultName, ...)</c>).</summary>
    /// <param name="services">The services.</param>
    /// <returns>The builder of the portal's connector HTTP client, for further HTTP settings (timeouts, retries).</returns>
    public static IConnectorHttpClientBuilder AddHubSpotCrm(this IServiceCollection services) =>
        services.AddHubSpotCrm(HubSpotOptions.DefaultName);

    /// <summary>Registers the HubSpot portal named <see cref="HubSpotOptions.DefaultName"/>.</summary>
    /// <param name="services">The services.</param>
    /// <param name="configure">Sets the options; run once, when they are first read, and validated when the host starts.</param>
    /// <returns>The builder of the portal's connector HTTP client, for further HTTP settings (timeouts, retries).</returns>
    public static IConnectorHttpClientBuilder AddHubSpotCrm(this IServiceCollection services, Action<HubSpotOptions> configure) =>
        services.AddHubSpotCrm(HubSpotOptions.DefaultName, configure);

    /// <summary>Registers the HubSpot portal named <see cref="HubSpotOptions.DefaultName"/> with options bound from configuration.</summary>
    /// <param name="services">The services.</param>
    /// <param name="section">The configuration section of <see cref="HubSpotOptions"/> (the token binds from a string).</param>
    /// <returns>The builder of the portal's connector HTTP client, for further HTTP settings (timeouts, retries).</returns>
    public static IConnectorHttpClientBuilder AddHubSpotCrm(this IServiceCollection services, IConfigurationSection section) =>
        services.AddHubSpotCrm(HubSpotOptions.DefaultName, section);

    /// <summary>Registers a named HubSpot portal, with options configured elsewhere
    /// (<c>services.Configure&lt;HubSpotOptions&gt;(name, ...)</c>).</summary>
    /// <param name="services">The services.</param>
    /// <param name="name">The portal's name: the key of its services, the name of its options and its providers'
    /// <see cref="IConnectorProvider.Name"/>, which streams name as their source or sink.</param>
    /// <returns>The builder of the portal's connector HTTP client, for further HTTP settings (timeouts, retries).</returns>
    /// <exception cref="InvalidOperationException">A portal of that name is already registered.</exception>
    public static IConnectorHttpClientBuilder AddHubSpotCrm(this IServiceCollection services, string name)
        => AddCore(services, name, static _ => { });

    /// <summary>Registers a named HubSpot portal.</summary>
    /// <param name="services">The services.</param>
    /// <param name="name">The portal's name (see <see cref="AddHubSpotCrm(IServiceCollection, string)"/>).</param>
    /// <param name="configure">Sets the options; run once, when they are first read, and validated when the host starts.</param>
    /// <returns>The builder of the portal's connector HTTP client, for further HTTP settings (timeouts, retries).</returns>
    /// <exception cref="InvalidOperationException">A portal of that name is already registered.</exception>
    public static IConnectorHttpClientBuilder AddHubSpotCrm(this IServiceCollection services, string name, Action<HubSpotOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        return AddCore(services, name, options => options.Configure(configure));
    }

    /// <summary>Registers a named HubSpot portal with options bound from configuration.</summary>
    /// <param name="services">The services.</param>
    /// <param name="name">The portal's name (see <see cref="AddHubSpotCrm(IServiceCollection, string)"/>).</param>
    /// <param name="section">The configuration section of <see cref="HubSpotOptions"/> (the token binds from a string).</param>
    /// <returns>The builder of the portal's connector HTTP client, for further HTTP settings (timeouts, retries).</returns>
    /// <exception cref="InvalidOperationException">A portal of that name is already registered.</exception>
    public static IConnectorHttpClientBuilder AddHubSpotCrm(this IServiceCollection services, string name, IConfigurationSection section)
    {
        ArgumentNullException.ThrowIfNull(section);
        return AddCore(services, name, options => options.Bind(section));
    }

    /// <summary>What every overload does: the name checked and unique, the named options set up by <paramref name="configureOptions"/>
    /// (nothing, a delegate or a configuration section) and validated at start, then the services.</summary>
    private static IConnectorHttpClientBuilder AddCore(IServiceCollection services, string name, Action<OptionsBuilder<HubSpotOptions>> configureOptions)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        if (services.Any(d => d.IsKeyedService && d.ServiceType == typeof(HubSpotServices) && Equals(d.ServiceKey, name)))
        {
            throw new InvalidOperationException("A HubSpot portal named '" + name + "' is already registered; give each portal its own name.");
        }

        var options = services.AddOptions<HubSpotOptions>(name);
        configureOptions(options);
        options.ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<HubSpotOptions>, HubSpotOptionsValidator>());

        var clientName = HubSpotOptions.HttpClientNameOf(name);
        var builder = services.AddCallCrmHttpClient(clientName, (sp, http) =>
        {
            var hubSpot = Options(sp, name);
            http.BaseAddress = hubSpot.BaseAddress;
            http.SystemName = hubSpot.SystemName;
            http.AllowInsecureLoopback = hubSpot.AllowInsecureLoopback;
            // HubSpot's own header and error shape: the generic HTTP package knows no vendor's.
            http.RemainingRequestsReader = HubSpotRateLimitHeaders.Remaining;
            http.FieldErrorReader = HubSpotFieldErrors.Read;
        });
        builder.AddAuthentication(sp => new HubSpotAuthenticationHandler(Options(sp, name)));
        builder.AddRateLimit(
            sp => HubSpotRateLimits.For(Options(sp, name)),
            limits => limits.IsSearchRequest = request => request.RequestUri?.AbsolutePath.EndsWith("/search", StringComparison.Ordinal) == true);

        services.TryAddSingleton(TimeProvider.System);
        services.AddKeyedSingleton(name, (sp, _) => new HubSpotServices(sp, name, clientName, Options(sp, name)));
        services.AddKeyedSingleton(name, (sp, key) => sp.GetRequiredKeyedService<HubSpotServices>(key).Sink);
        services.AddKeyedSingleton(name, (sp, key) => sp.GetRequiredKeyedService<HubSpotServices>(key).Source);
        services.AddKeyedSingleton(name, (sp, key) => sp.GetRequiredKeyedService<HubSpotServices>(key).Lookup);
        services.AddKeyedSingleton(name, (sp, key) => sp.GetRequiredKeyedService<HubSpotServices>(key).TagSink);
        services.AddKeyedSingleton<ICrmSink>(name, (sp, key) => sp.GetRequiredKeyedService<HubSpotCrmSink>(key));
        services.AddKeyedSingleton<ICustomerSource>(name, (sp, key) => sp.GetRequiredKeyedService<HubSpotCustomerSource>(key));
        services.AddKeyedSingleton<ICustomerLookup>(name, (sp, key) => sp.GetRequiredKeyedService<HubSpotCustomerLookup>(key));
        services.AddKeyedSingleton<ICrmTagSink>(name, (sp, key) => sp.GetRequiredKeyedService<HubSpotCrmTagSink>(key));

        // The first portal registered is also the unkeyed service, for hosts with one portal.
        services.TryAddSingleton(sp => sp.GetRequiredKeyedService<HubSpotCrmSink>(name));
        services.TryAddSingleton(sp => sp.GetRequiredKeyedService<HubSpotCustomerSource>(name));
        services.TryAddSingleton(sp => sp.GetRequiredKeyedService<HubSpotCustomerLookup>(name));
        services.TryAddSingleton(sp => sp.GetRequiredKeyedService<HubSpotCrmTagSink>(name));
        services.TryAddSingleton<ICrmSink>(sp => sp.GetRequiredKeyedService<HubSpotCrmSink>(name));
        services.TryAddSingleton<ICustomerSource>(sp => sp.GetRequiredKeyedService<HubSpotCustomerSource>(name));
        services.TryAddSingleton<ICustomerLookup>(sp => sp.GetRequiredKeyedService<HubSpotCustomerLookup>(name));
        services.TryAddSingleton<ICrmTagSink>(sp => sp.GetRequiredKeyedService<HubSpotCrmTagSink>(name));
        return builder;
    }

    private static HubSpotOptions Options(IServiceProvider services, string name) =>
        services.GetRequiredService<IOptionsMonitor<HubSpotOptions>>().Get(name);

    /// <summary>The providers of one portal and what they share: one API client, one contact cache, one caller resolver.</summary>
    private sealed class HubSpotServices : IDisposable
    {
        private readonly ContactIndex? index;

        public HubSpotServices(IServiceProvider services, string name, string clientName, HubSpotOptions options)
        {
            var logger = (services.GetService<ILoggerFactory>() ?? NullLoggerFactory.Instance).CreateLogger(LoggerCategory);
            var timeProvider = services.GetRequiredService<TimeProvider>();
            var factory = services.GetRequiredService<IHttpClientFactory>();
            // The region only matters for numbers typed without a country code; every call passes one explicitly.
            IPhoneNumberNormalizer normalizer = new PhoneNumberNormalizer(new PhoneNumberNormalizerOptions { DefaultRegion = options.DefaultRegion ?? "US" });
            var http = services.GetRequiredService<IOptionsMonitor<ConnectorHttpClientOptions>>().Get(clientName);
            var api = new HubSpotApiClient(factory, clientName, options.SystemName, http.TotalRequestTimeout);
            var feed = new ContactChangeFeed(api, options, logger);
            index = options.ContactMatching == HubSpotContactMatching.SearchPerBatch ? null : new ContactIndex(feed, options, timeProvider, logger);
            var directory = new ContactDirectory(api, feed, index, options, normalizer, timeProvider);
            var check = new HubSpotConnectionCheck(factory, clientName);
            Sink = new HubSpotCrmSink(api, directory, new CallerResolver(options, normalizer), options, logger) { Name = name, ConnectionCheck = check };
            Source = new HubSpotCustomerSource(feed, normalizer, options, logger) { Name = name, ConnectionCheck = check };
            Lookup = new HubSpotCustomerLookup(api, directory, normalizer, options) { Name = name };
            TagSink = new HubSpotCrmTagSink(api, options) { Name = name };
        }

        public HubSpotCrmSink Sink { get; }

        public HubSpotCustomerSource Source { get; }

        public HubSpotCustomerLookup Lookup { get; }

        public HubSpotCrmTagSink TagSink { get; }

        public void Dispose() => index?.Dispose();
    }
}
