using System;
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

/// <summary>Registers the HubSpot CRM provider.</summary>
public static class HubSpotServiceCollectionExtensions
{
    private const string LoggerCategory = "CallCrm.Connectors.HubSpot";

    /// <summary>
    /// Registers <see cref="ICrmSink"/>, <see cref="ICustomerSource"/> and <see cref="ICustomerLookup"/> for HubSpot
    /// (also as keyed services under <see cref="HubSpotOptions.ProviderName"/>), over a connector HTTP client named
    /// <see cref="HubSpotOptions.HttpClientName"/> with bearer authentication and the tier's rate limits.
    /// </summary>
    /// <param name="services">The services.</param>
    /// <param name="configure">Sets the options; validated when the host starts.</param>
    /// <returns>The HTTP client's builder, for further HTTP settings (timeouts, retries).</returns>
    /// <remarks>The tier, search limit and daily limit are read once, when this method runs, to size the rate limiter.</remarks>
    public static IConnectorHttpClientBuilder AddHubSpotCrm(this IServiceCollection services, Action<HubSpotOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configure);
        var snapshot = new HubSpotOptions();
        configure(snapshot);
        return AddCore(services, snapshot, builder => builder.Configure(configure));
    }

    /// <summary>Registers the HubSpot provider with options bound from <paramref name="configuration"/>.</summary>
    /// <param name="services">The services.</param>
    /// <param name="configuration">The configuration section of <see cref="HubSpotOptions"/>.</param>
    /// <returns>The HTTP client's builder, for further HTTP settings (timeouts, retries).</returns>
    /// <remarks>The tier, search limit and daily limit are read once, when this method runs, to size the rate limiter.</remarks>
    public static IConnectorHttpClientBuilder AddHubSpotCrm(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        var snapshot = new HubSpotOptions();
        configuration.Bind(snapshot);
        return AddCore(services, snapshot, builder => builder.Bind(configuration));
    }

    private static IConnectorHttpClientBuilder AddCore(IServiceCollection services, HubSpotOptions snapshot, Action<OptionsBuilder<HubSpotOptions>> configure)
    {
        configure(services.AddOptions<HubSpotOptions>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<HubSpotOptions>, HubSpotOptionsValidator>());
        services.AddOptions<HubSpotOptions>().ValidateOnStart();

        var builder = services.AddConnectorHttpClient(HubSpotOptions.HttpClientName, _ => { });
        services.AddOptions<ConnectorHttpClientOptions>(HubSpotOptions.HttpClientName).Configure<IOptions<HubSpotOptions>>((http, hubSpot) =>
        {
            var options = hubSpot.Value;
            http.BaseAddress = options.BaseAddress;
            http.SystemName = options.SystemName;
            http.AllowInsecureLoopback = options.AllowInsecureLoopback;
        });
        builder.AddAuthentication(sp => new HubSpotAuthenticationHandler(sp.GetRequiredService<IOptions<HubSpotOptions>>().Value));
        // An undefined tier is reported by the options validator with every other problem at start; until then the
        // limiter is sized for the smallest tier rather than failing registration with an unrelated exception.
        var tier = Enum.IsDefined(snapshot.Tier) ? snapshot.Tier : HubSpotAccountTier.FreeOrStarter;
        builder.AddRateLimit(
            HubSpotRateLimits.For(tier, Math.Clamp(snapshot.SearchRequestsPerSecond, 1, 5), snapshot.DailyLimit is > 0 ? snapshot.DailyLimit : null),
            limits => limits.IsSearchRequest = request => request.RequestUri?.AbsolutePath.EndsWith("/search", StringComparison.Ordinal) == true);

        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(sp =>
        {
            var options = sp.GetRequiredService<IOptions<HubSpotOptions>>().Value;
            return new HubSpotServices(sp, options);
        });
        services.TryAddSingleton(sp => sp.GetRequiredService<HubSpotServices>().Sink);
        services.TryAddSingleton(sp => sp.GetRequiredService<HubSpotServices>().Source);
        services.TryAddSingleton(sp => sp.GetRequiredService<HubSpotServices>().Lookup);
        services.TryAddSingleton(sp => sp.GetRequiredService<HubSpotServices>().TagSink);
        services.AddSingleton<ICrmSink>(sp => sp.GetRequiredService<HubSpotCrmSink>());
        services.AddSingleton<ICustomerSource>(sp => sp.GetRequiredService<HubSpotCustomerSource>());
        services.AddSingleton<ICustomerLookup>(sp => sp.GetRequiredService<HubSpotCustomerLookup>());
        services.AddSingleton<ICrmTagSink>(sp => sp.GetRequiredService<HubSpotCrmTagSink>());
        services.AddKeyedSingleton<ICrmSink>(HubSpotOptions.ProviderName, (sp, _) => sp.GetRequiredService<HubSpotCrmSink>());
        services.AddKeyedSingleton<ICustomerSource>(HubSpotOptions.ProviderName, (sp, _) => sp.GetRequiredService<HubSpotCustomerSource>());
        services.AddKeyedSingleton<ICustomerLookup>(HubSpotOptions.ProviderName, (sp, _) => sp.GetRequiredService<HubSpotCustomerLookup>());
        services.AddKeyedSingleton<ICrmTagSink>(HubSpotOptions.ProviderName, (sp, _) => sp.GetRequiredService<HubSpotCrmTagSink>());
        return builder;
    }

    /// <summary>The providers and what they share: one API client, one contact cache, one caller resolver.</summary>
    private sealed class HubSpotServices : IDisposable
    {
        private readonly ContactIndex? index;

        public HubSpotServices(IServiceProvider services, HubSpotOptions options)
        {
            var logger = (services.GetService<ILoggerFactory>() ?? NullLoggerFactory.Instance).CreateLogger(LoggerCategory);
            var timeProvider = services.GetRequiredService<TimeProvider>();
            // The region only matters for numbers typed without a country code; every call passes one explicitly.
            IPhoneNumberNormalizer normalizer = new PhoneNumberNormalizer(new PhoneNumberNormalizerOptions { DefaultRegion = options.DefaultRegion ?? "US" });
            var http = services.GetRequiredService<IOptionsMonitor<ConnectorHttpClientOptions>>().Get(HubSpotOptions.HttpClientName);
            var api = new HubSpotApiClient(services.GetRequiredService<System.Net.Http.IHttpClientFactory>(), options.SystemName, http.TotalRequestTimeout);
            var feed = new ContactChangeFeed(api, options, logger);
            index = options.ContactMatching == HubSpotContactMatching.SearchPerBatch ? null : new ContactIndex(feed, options, timeProvider, logger);
            var directory = new ContactDirectory(api, feed, index, options, normalizer, timeProvider);
            Sink = new HubSpotCrmSink(api, directory, new CallerResolver(options, normalizer), options, logger);
            Source = new HubSpotCustomerSource(feed, normalizer, options, logger);
            Lookup = new HubSpotCustomerLookup(api, directory, normalizer, options);
            TagSink = new HubSpotCrmTagSink(api, options);
        }

        public HubSpotCrmSink Sink { get; }

        public HubSpotCustomerSource Source { get; }

        public HubSpotCustomerLookup Lookup { get; }

        public HubSpotCrmTagSink TagSink { get; }

        public void Dispose() => index?.Dispose();
    }
}
