using System;
using System.Linq;
using System.Net;
using System.Net.Http;
using CallCrm.Connectors.Http;
using CallCrm.Connectors.Http.Compression;
using CallCrm.Connectors.Http.Diagnostics;
using CallCrm.Connectors.Http.ErrorHandling;
using CallCrm.Connectors.Http.Internal;
using CallCrm.Connectors.Http.RateLimiting;
using CallCrm.Connectors.Http.Resilience;
using CallCrm.Connectors.Http.Security;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Polly;
using Polly.Registry;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers connector HTTP clients: the one place a provider gets a configured client for its vendor.</summary>
/// <example>
/// <code>
/// services.AddCallCrmHttpClient&lt;HubSpotApi&gt;("hubspot", options =>
///     {
///         options.BaseAddress = new Uri("https://api.hubapi.com/");
///         options.SystemName = "HubSpot";
///     })
///     .AddBearerToken(token => token.Token = new Secret(configuration["HubSpot:Token"]!))
///     .AddRateLimit(new RateLimitPolicy(190, TimeSpan.FromSeconds(10)) { Search = new RateLimitPolicy(5, TimeSpan.FromSeconds(1)) });
/// </code>
/// </example>
public static class ConnectorHttpServiceCollectionExtensions
{
    internal const string LoggerCategory = "CallCrm.Connectors.Http";

    /// <summary>Adds a named connector HTTP client (resolve it with <see cref="IHttpClientFactory.CreateClient(string)"/>).</summary>
    /// <param name="services">The services.</param>
    /// <param name="name">The client name, also the name of its options.</param>
    /// <param name="configure">Sets the client's options.</param>
    /// <returns>A builder to add authentication, a rate limit or SOAP.</returns>
    public static IConnectorHttpClientBuilder AddCallCrmHttpClient(this IServiceCollection services, string name, Action<ConnectorHttpClientOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configure);
        return AddCore(services, name, services.AddHttpClient(name), options => options.Configure(configure));
    }

    /// <summary>Adds a named connector HTTP client whose options are set from other services (another options class,
    /// a secret store), as <c>AddHttpClient</c>'s <c>ConfigureHttpClient(Action&lt;IServiceProvider, HttpClient&gt;)</c> does.</summary>
    /// <param name="services">The services.</param>
    /// <param name="name">The client name, also the name of its options.</param>
    /// <param name="configure">Sets the client's options; called when the options are first read, never at registration.</param>
    /// <returns>A builder to add authentication, a rate limit or SOAP.</returns>
    public static IConnectorHttpClientBuilder AddCallCrmHttpClient(this IServiceCollection services, string name, Action<IServiceProvider, ConnectorHttpClientOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configure);
        return AddCore(services, name, services.AddHttpClient(name), options => options.Configure<IServiceProvider>((o, sp) => configure(sp, o)));
    }

    /// <summary>Adds a named connector HTTP client whose options are bound from configuration.</summary>
    /// <param name="services">The services.</param>
    /// <param name="name">The client name, also the name of its options.</param>
    /// <param name="configuration">The configuration section with the client's options.</param>
    /// <returns>A builder to add authentication, a rate limit or SOAP.</returns>
    public static IConnectorHttpClientBuilder AddCallCrmHttpClient(this IServiceCollection services, string name, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        return AddCore(services, name, services.AddHttpClient(name), options => options.Bind(configuration));
    }

    /// <summary>Adds a typed connector HTTP client: <typeparamref name="TClient"/> is created with an
    /// <see cref="HttpClient"/> from this client's pipeline.</summary>
    /// <typeparam name="TClient">The typed client.</typeparam>
    /// <param name="services">The services.</param>
    /// <param name="name">The client name, also the name of its options.</param>
    /// <param name="configure">Sets the client's options.</param>
    /// <returns>A builder to add authentication, a rate limit or SOAP.</returns>
    public static IConnectorHttpClientBuilder AddCallCrmHttpClient<TClient>(this IServiceCollection services, string name, Action<ConnectorHttpClientOptions> configure)
        where TClient : class
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configure);
        return AddCore(services, name, services.AddHttpClient<TClient>(name), options => options.Configure(configure));
    }

    /// <summary>Adds a typed connector HTTP client whose options are set from other services.</summary>
    /// <typeparam name="TClient">The typed client.</typeparam>
    /// <param name="services">The services.</param>
    /// <param name="name">The client name, also the name of its options.</param>
    /// <param name="configure">Sets the client's options; called when the options are first read, never at registration.</param>
    /// <returns>A builder to add authentication, a rate limit or SOAP.</returns>
    public static IConnectorHttpClientBuilder AddCallCrmHttpClient<TClient>(this IServiceCollection services, string name, Action<IServiceProvider, ConnectorHttpClientOptions> configure)
        where TClient : class
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configure);
        return AddCore(services, name, services.AddHttpClient<TClient>(name), options => options.Configure<IServiceProvider>((o, sp) => configure(sp, o)));
    }

    /// <summary>Adds a typed connector HTTP client registered as <typeparamref name="TClient"/> and implemented by
    /// <typeparamref name="TImplementation"/>.</summary>
    /// <typeparam name="TClient">The service type.</typeparam>
    /// <typeparam name="TImplementation">The implementation, taking an <see cref="HttpClient"/>.</typeparam>
    /// <param name="services">The services.</param>
    /// <param name="name">The client name, also the name of its options.</param>
    /// <param name="configure">Sets the client's options.</param>
    /// <returns>A builder to add authentication, a rate limit or SOAP.</returns>
    public static IConnectorHttpClientBuilder AddCallCrmHttpClient<TClient, TImplementation>(this IServiceCollection services, string name, Action<ConnectorHttpClientOptions> configure)
        where TClient : class
        where TImplementation : class, TClient
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configure);
        return AddCore(services, name, services.AddHttpClient<TClient, TImplementation>(name), options => options.Configure(configure));
    }

    internal static ConnectorHttpClientOptions GetOptions(IServiceProvider services, string name) =>
        services.GetRequiredService<IOptionsMonitor<ConnectorHttpClientOptions>>().Get(name);

    internal static string GetSystemName(IServiceProvider services, string name) => GetOptions(services, name).SystemName ?? name;

    internal static ILogger GetLogger(IServiceProvider services) =>
        (services.GetService<ILoggerFactory>() ?? NullLoggerFactory.Instance).CreateLogger(LoggerCategory);

    internal static TimeProvider GetTimeProvider(IServiceProvider services) => services.GetService<TimeProvider>() ?? TimeProvider.System;

    /// <summary>The primary handler every connector client (and its token client) uses: no automatic redirects (the
    /// pipeline follows them itself, checked), every response compression understood, no cookies, and the connect-time
    /// address check.</summary>
    internal static SocketsHttpHandler CreatePrimaryHandler(ConnectorHttpClientOptions options, string systemName, ILogger logger)
    {
        var policy = new NetworkAddressPolicy(options.AllowPrivateNetworkAddresses, options.AllowInsecureLoopback, systemName, logger);
        var proxyPolicy = new NetworkAddressPolicy(allowPrivate: true, allowLoopback: true, systemName, logger);
        return new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            AutomaticDecompression = DecompressionMethods.All,
            UseCookies = false,
            // Through a proxy the connection goes to the proxy, which is the operator's choice, not the vendor's.
            ConnectCallback = (context, cancellationToken) =>
                string.Equals(context.InitialRequestMessage.RequestUri?.IdnHost, context.DnsEndPoint.Host, StringComparison.OrdinalIgnoreCase)
                    ? policy.ConnectAsync(context, cancellationToken)
                    : proxyPolicy.ConnectAsync(context, cancellationToken),
        };
    }

    private static ConnectorHttpClientBuilder AddCore(IServiceCollection services, string name, IHttpClientBuilder httpClientBuilder, Action<OptionsBuilder<ConnectorHttpClientOptions>> configure)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        if (services.Any(d => d.IsKeyedService && d.ServiceType == typeof(ConnectorHttpClientRegistration) && Equals(d.ServiceKey, name)))
        {
            throw new InvalidOperationException("A connector HTTP client named '" + name + "' is already registered.");
        }

        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(sp => new ConnectorHttpMetrics(sp.GetService<System.Diagnostics.Metrics.IMeterFactory>()));
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<ConnectorHttpClientOptions>, ConnectorHttpClientOptionsValidator>());
        var optionsBuilder = services.AddOptions<ConnectorHttpClientOptions>(name);
        configure(optionsBuilder);
        optionsBuilder.ValidateOnStart();

        var registration = new ConnectorHttpClientRegistration(name);
        services.AddKeyedSingleton(name, registration);
        services.AddKeyedSingleton(name, (sp, _) =>
        {
            var options = GetOptions(sp, name);
            return new VendorUrlGuard(options.BaseAddress!, options.AdditionalAllowedHosts, options.AllowInsecureLoopback, options.SystemName ?? name);
        });

        httpClientBuilder
            .ConfigureHttpClient((sp, client) =>
            {
                var options = GetOptions(sp, name);
                client.BaseAddress = options.BaseAddress;
                // The pipeline's own total and per-attempt timeouts govern; HttpClient's would cut across them.
                client.Timeout = System.Threading.Timeout.InfiniteTimeSpan;
                client.DefaultRequestHeaders.UserAgent.Clear();
                client.DefaultRequestHeaders.TryAddWithoutValidation("User-Agent", options.UserAgent);
                if (!string.IsNullOrWhiteSpace(options.ApiVersion) && options.ApiVersionHeaderName is { } header)
                {
                    client.DefaultRequestHeaders.TryAddWithoutValidation(header, options.ApiVersion);
                }
            })
            .ConfigurePrimaryHttpMessageHandler(sp => CreatePrimaryHandler(GetOptions(sp, name), GetSystemName(sp, name), GetLogger(sp)))
            .RedactLoggedHeaders(_ => true)
            .ConfigureAdditionalHttpMessageHandlers((handlers, sp) => AddPipeline(handlers, sp, registration));

        return new ConnectorHttpClientBuilder(name, services, httpClientBuilder, registration);
    }

    // Polly.Extensions registers its registry as the provider; a registry registered by hand may be there under its own type only.
    private static ResiliencePipeline<HttpResponseMessage>? FindReplacementPipeline(IServiceProvider sp, string name)
    {
        var pipelines = sp.GetService<ResiliencePipelineProvider<string>>() ?? sp.GetService<ResiliencePipelineRegistry<string>>();
        return pipelines is not null && pipelines.TryGetPipeline<HttpResponseMessage>(ConnectorHttpResiliencePipelines.KeyFor(name), out var pipeline)
            ? pipeline
            : null;
    }

    // The fixed order, outermost first: translate failures; check the URI and follow redirects; retry with timeouts (or the
    // replacement registered under ConnectorHttpResiliencePipelines.KeyFor(name));
    // authenticate (so that a retry gets a valid token); take a rate-limit permit per attempt (so that 401 retries
    // count too); compress; and the last look at the URI before the network.
    private static void AddPipeline(System.Collections.Generic.IList<DelegatingHandler> handlers, IServiceProvider sp, ConnectorHttpClientRegistration registration)
    {
        var name = registration.Name;
        var options = GetOptions(sp, name);
        var systemName = options.SystemName ?? name;
        var logger = GetLogger(sp);
        var timeProvider = GetTimeProvider(sp);
        var guard = sp.GetRequiredKeyedService<VendorUrlGuard>(name);
        var metrics = sp.GetRequiredService<ConnectorHttpMetrics>();
        handlers.Add(new ConnectorErrorHandler(systemName, options, timeProvider, logger, metrics));
        handlers.Add(new RedirectHandler(guard, options.MaxRedirects, systemName, logger));
        handlers.Add(new ResilienceHandler(options, systemName, timeProvider, logger, metrics, FindReplacementPipeline(sp, name)));
        if (registration.Authentication is { } authentication)
        {
            handlers.Add(authentication(sp));
        }

        if (registration.RateLimitPolicy is not null)
        {
            var state = sp.GetRequiredKeyedService<RateLimitState>(name);
            handlers.Add(new RateLimitHandler(state.Limiter, state.Concurrency, state.Options, systemName, timeProvider, logger, metrics, options.RemainingRequestsReader));
        }

        if (options.CompressRequestBody)
        {
            handlers.Add(new RequestCompressionHandler(options.RequestCompressionMinimumBytes));
        }

        handlers.Add(new TransportSecurityHandler(guard, systemName, logger));
    }
}
