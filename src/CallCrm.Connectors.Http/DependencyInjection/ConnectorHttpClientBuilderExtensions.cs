using System;
using System.Net.Http;
using System.Threading.RateLimiting;
using CallCrm.Connectors.Http;
using CallCrm.Connectors.Http.Authentication;
using CallCrm.Connectors.Http.Diagnostics;
using CallCrm.Connectors.Http.ErrorHandling;
using CallCrm.Connectors.Http.Internal;
using CallCrm.Connectors.Http.RateLimiting;
using CallCrm.Connectors.Http.Security;
using CallCrm.Connectors.Http.Soap;
using CallCrm.Connectors.Providers;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Authentication and rate limiting for a connector HTTP client.</summary>
public static class ConnectorHttpClientBuilderExtensions
{
    /// <summary>Authenticates with the OAuth 2.0 client credentials grant: the token is cached, replaced before it
    /// expires, fetched once however many requests wait, and a 401 triggers one refresh and one retry.</summary>
    /// <param name="builder">The client builder.</param>
    /// <param name="configure">Sets the token endpoint and client credentials.</param>
    /// <returns>The same builder.</returns>
    public static IConnectorHttpClientBuilder AddOAuthClientCredentials(this IConnectorHttpClientBuilder builder, Action<OAuthClientCredentialsOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        return AddOAuthClientCredentials(builder, options => options.Configure(configure));
    }

    /// <summary>Authenticates with the OAuth 2.0 client credentials grant, options bound from configuration.</summary>
    /// <param name="builder">The client builder.</param>
    /// <param name="configuration">The section with <see cref="OAuthClientCredentialsOptions"/>.</param>
    /// <returns>The same builder.</returns>
    public static IConnectorHttpClientBuilder AddOAuthClientCredentials(this IConnectorHttpClientBuilder builder, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        return AddOAuthClientCredentials(builder, options => options.Bind(configuration));
    }

    /// <summary>Authenticates with a static bearer token.</summary>
    /// <param name="builder">The client builder.</param>
    /// <param name="configure">Sets the token.</param>
    /// <returns>The same builder.</returns>
    public static IConnectorHttpClientBuilder AddBearerToken(this IConnectorHttpClientBuilder builder, Action<BearerTokenOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        return AddStatic<BearerTokenOptions>(builder, o => o.Configure(configure), o => !string.IsNullOrWhiteSpace(o.Token?.Reveal()), "Auth.BearerToken", StaticHeaderAuthenticationHandler.Bearer);
    }

    /// <summary>Authenticates with a static bearer token bound from configuration.</summary>
    /// <param name="builder">The client builder.</param>
    /// <param name="configuration">The section with <see cref="BearerTokenOptions"/>.</param>
    /// <returns>The same builder.</returns>
    public static IConnectorHttpClientBuilder AddBearerToken(this IConnectorHttpClientBuilder builder, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        return AddStatic<BearerTokenOptions>(builder, o => o.Bind(configuration), o => !string.IsNullOrWhiteSpace(o.Token?.Reveal()), "Auth.BearerToken", StaticHeaderAuthenticationHandler.Bearer);
    }

    /// <summary>Authenticates with an API key in a request header.</summary>
    /// <param name="builder">The client builder.</param>
    /// <param name="configure">Sets the header name and key.</param>
    /// <returns>The same builder.</returns>
    public static IConnectorHttpClientBuilder AddApiKey(this IConnectorHttpClientBuilder builder, Action<ApiKeyOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        return AddStatic<ApiKeyOptions>(builder, o => o.Configure(configure), IsValid, "Auth.ApiKey", StaticHeaderAuthenticationHandler.ApiKey);
    }

    /// <summary>Authenticates with an API key in a request header, bound from configuration.</summary>
    /// <param name="builder">The client builder.</param>
    /// <param name="configuration">The section with <see cref="ApiKeyOptions"/>.</param>
    /// <returns>The same builder.</returns>
    public static IConnectorHttpClientBuilder AddApiKey(this IConnectorHttpClientBuilder builder, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        return AddStatic<ApiKeyOptions>(builder, o => o.Bind(configuration), IsValid, "Auth.ApiKey", StaticHeaderAuthenticationHandler.ApiKey);
    }

    /// <summary>Authenticates with HTTP basic credentials.</summary>
    /// <param name="builder">The client builder.</param>
    /// <param name="configure">Sets the user name and password.</param>
    /// <returns>The same builder.</returns>
    public static IConnectorHttpClientBuilder AddBasicAuthentication(this IConnectorHttpClientBuilder builder, Action<BasicAuthenticationOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        return AddStatic<BasicAuthenticationOptions>(builder, o => o.Configure(configure), IsValid, "Auth.Basic", StaticHeaderAuthenticationHandler.Basic);
    }

    /// <summary>Authenticates with HTTP basic credentials bound from configuration.</summary>
    /// <param name="builder">The client builder.</param>
    /// <param name="configuration">The section with <see cref="BasicAuthenticationOptions"/>.</param>
    /// <returns>The same builder.</returns>
    public static IConnectorHttpClientBuilder AddBasicAuthentication(this IConnectorHttpClientBuilder builder, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        return AddStatic<BasicAuthenticationOptions>(builder, o => o.Bind(configuration), IsValid, "Auth.Basic", StaticHeaderAuthenticationHandler.Basic);
    }

    /// <summary>Authenticates with a handler of the provider's own (a request signature, say), placed where the
    /// built-in ones go: inside retries, outside the rate limiter.</summary>
    /// <param name="builder">The client builder.</param>
    /// <param name="createHandler">Creates the handler; called each time the factory builds the pipeline.</param>
    /// <returns>The same builder.</returns>
    /// <exception cref="InvalidOperationException">The client already has authentication.</exception>
    public static IConnectorHttpClientBuilder AddAuthentication(this IConnectorHttpClientBuilder builder, Func<IServiceProvider, DelegatingHandler> createHandler)
    {
        ArgumentNullException.ThrowIfNull(createHandler);
        var registration = Registration(builder);
        if (registration.Authentication is not null)
        {
            throw new InvalidOperationException("The connector HTTP client '" + builder.Name + "' already has authentication.");
        }

        registration.Authentication = createHandler;
        return builder;
    }

    /// <summary>Keeps the client under the vendor's published limits: requests wait (in order, bounded) for a permit
    /// of the request window, of the search window for search requests, and of the concurrency limit; the daily budget
    /// is enforced; the vendor's rate-limit headers and <c>Retry-After</c> pause all requests.</summary>
    /// <param name="builder">The client builder.</param>
    /// <param name="policy">The vendor's limits.</param>
    /// <param name="configure">Adjusts margins, queueing and which requests are searches.</param>
    /// <returns>The same builder.</returns>
    /// <exception cref="InvalidOperationException">The client already has a rate limit.</exception>
    public static IConnectorHttpClientBuilder AddRateLimit(this IConnectorHttpClientBuilder builder, RateLimitPolicy policy, Action<ConnectorRateLimitOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(policy);
        CheckPolicy(policy);
        return AddRateLimit(builder, _ => policy, configure);
    }

    /// <summary>Keeps the client under limits that depend on other settings (an account's tier, say): as
    /// <see cref="AddRateLimit(IConnectorHttpClientBuilder, RateLimitPolicy, Action{ConnectorRateLimitOptions}?)"/>, with
    /// the policy computed once, when the client first needs its limiter, so that it reads the options as configured by
    /// then rather than as they were when this method ran.</summary>
    /// <param name="builder">The client builder.</param>
    /// <param name="policyFactory">Computes the vendor's limits, typically from <c>IOptionsMonitor&lt;T&gt;.Get(name)</c>.</param>
    /// <param name="configure">Adjusts margins, queueing and which requests are searches.</param>
    /// <returns>The same builder.</returns>
    /// <exception cref="InvalidOperationException">The client already has a rate limit.</exception>
    public static IConnectorHttpClientBuilder AddRateLimit(this IConnectorHttpClientBuilder builder, Func<IServiceProvider, RateLimitPolicy> policyFactory, Action<ConnectorRateLimitOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(policyFactory);
        var registration = Registration(builder);
        if (registration.RateLimitPolicy is not null)
        {
            throw new InvalidOperationException("The connector HTTP client '" + builder.Name + "' already has a rate limit.");
        }

        registration.RateLimitPolicy = policyFactory;
        var name = builder.Name;
        var optionsBuilder = builder.Services.AddOptions<ConnectorRateLimitOptions>(name);
        if (configure is not null)
        {
            optionsBuilder.Configure(configure);
        }

        optionsBuilder
            .ValidateText(o => o.QueueLimit >= 0, "Setting.NotNegative", nameof(ConnectorRateLimitOptions.QueueLimit))
            .ValidateText(o => o.WindowSafetyMargin is null || o.WindowSafetyMargin >= TimeSpan.Zero, "Setting.NotNegative", nameof(ConnectorRateLimitOptions.WindowSafetyMargin))
            .ValidateText(o => o.DefaultPause >= TimeSpan.Zero && o.MaxPause >= o.DefaultPause, "RateLimit.Pauses")
            .ValidateOnStart();
        builder.Services.AddKeyedSingleton(name, (sp, _) =>
        {
            var options = sp.GetRequiredService<IOptionsMonitor<ConnectorRateLimitOptions>>().Get(name);
            var policy = policyFactory(sp) ?? throw new InvalidOperationException("The rate-limit policy factory of the connector HTTP client '" + name + "' returned null.");
            CheckPolicy(policy);
            var timeProvider = ConnectorHttpServiceCollectionExtensions.GetTimeProvider(sp);
            var concurrency = policy.MaxConcurrentRequests is { } max
                ? new ConcurrencyLimiter(new ConcurrencyLimiterOptions { PermitLimit = max, QueueLimit = options.QueueLimit, QueueProcessingOrder = QueueProcessingOrder.OldestFirst })
                : null;
            return new RateLimitState(new VendorRateLimiter(policy, options, timeProvider), concurrency, options);
        });
        return builder;
    }

    /// <summary>Registers a <see cref="SoapClient"/> on this client's pipeline, resolved as a keyed service under the
    /// client name (<c>[FromKeyedServices("legacy-crm")] SoapClient soap</c>).</summary>
    /// <param name="builder">The client builder.</param>
    /// <param name="configure">Sets the SOAP version, endpoint, WS-Security credentials and limits.</param>
    /// <returns>The same builder.</returns>
    public static IConnectorHttpClientBuilder AddSoapClient(this IConnectorHttpClientBuilder builder, Action<SoapClientOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var name = builder.Name;
        var optionsBuilder = builder.Services.AddOptions<SoapClientOptions>(name);
        if (configure is not null)
        {
            optionsBuilder.Configure(configure);
        }

        optionsBuilder
            .ValidateText(o => o.MaxResponseBytes > 0 && o.MaxDepth > 0, "Soap.Limits")
            .ValidateText(o => o.WsSecurity is null || (!string.IsNullOrEmpty(o.WsSecurity.UserName) && o.WsSecurity.Password is { IsEmpty: false }), "Soap.WsSecurity")
            .ValidateOnStart();
        builder.Services.AddKeyedTransient(name, (sp, _) => new SoapClient(
            sp.GetRequiredService<IHttpClientFactory>().CreateClient(name),
            sp.GetRequiredService<IOptionsMonitor<SoapClientOptions>>().Get(name),
            ConnectorHttpServiceCollectionExtensions.GetTimeProvider(sp),
            ConnectorHttpServiceCollectionExtensions.GetSystemName(sp, name)));
        return builder;
    }

    private static IConnectorHttpClientBuilder AddOAuthClientCredentials(IConnectorHttpClientBuilder builder, Action<OptionsBuilder<OAuthClientCredentialsOptions>> configure)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var name = builder.Name;
        var tokenClientName = name + ".oauth-token";
        var optionsBuilder = builder.Services.AddOptions<OAuthClientCredentialsOptions>(name);
        configure(optionsBuilder);
        optionsBuilder
            .ValidateText(o => o.TokenEndpoint is { IsAbsoluteUri: true } endpoint && string.IsNullOrEmpty(endpoint.UserInfo), "OAuth.TokenEndpoint")
            .ValidateText<OAuthClientCredentialsOptions, IOptionsMonitor<ConnectorHttpClientOptions>>(
                (o, client) => o.TokenEndpoint is not { IsAbsoluteUri: true } endpoint || VendorUrlGuard.IsSecureOrAllowedLoopback(endpoint, client.Get(name).AllowInsecureLoopback),
                "Transport.Https",
                nameof(OAuthClientCredentialsOptions.TokenEndpoint))
            .ValidateText(o => !string.IsNullOrWhiteSpace(o.ClientId) && o.ClientSecret is { IsEmpty: false }, "OAuth.Client")
            .ValidateText(o => o.RefreshMargin >= TimeSpan.Zero && o.DefaultTokenLifetime > TimeSpan.Zero, "OAuth.Lifetimes")
            .ValidateOnStart();

        // The token endpoint is usually another host (an identity provider), so it has its own client and guard,
        // under the same transport rules as the API client.
        builder.Services.AddHttpClient(tokenClientName)
            .ConfigureHttpClient(client => client.Timeout = TimeSpan.FromSeconds(30))
            .ConfigurePrimaryHttpMessageHandler(sp => ConnectorHttpServiceCollectionExtensions.CreatePrimaryHandler(
                ConnectorHttpServiceCollectionExtensions.GetOptions(sp, name), ConnectorHttpServiceCollectionExtensions.GetSystemName(sp, name), ConnectorHttpServiceCollectionExtensions.GetLogger(sp)))
            .RedactLoggedHeaders(_ => true)
            .ConfigureAdditionalHttpMessageHandlers((handlers, sp) =>
            {
                var clientOptions = ConnectorHttpServiceCollectionExtensions.GetOptions(sp, name);
                var oauth = sp.GetRequiredService<IOptionsMonitor<OAuthClientCredentialsOptions>>().Get(name);
                var systemName = clientOptions.SystemName ?? name;
                var logger = ConnectorHttpServiceCollectionExtensions.GetLogger(sp);
                var guard = new VendorUrlGuard(oauth.TokenEndpoint!, null, clientOptions.AllowInsecureLoopback, systemName);
                var errorOptions = new ConnectorHttpClientOptions { ThrowOnErrorStatus = false };
                handlers.Add(new ConnectorErrorHandler(systemName, errorOptions, ConnectorHttpServiceCollectionExtensions.GetTimeProvider(sp), logger));
                handlers.Add(new TransportSecurityHandler(guard, systemName, logger));
            });

        builder.Services.AddKeyedSingleton(name, (sp, _) =>
        {
            var factory = sp.GetRequiredService<IHttpClientFactory>();
            return new OAuthTokenProvider(
                () => factory.CreateClient(tokenClientName),
                sp.GetRequiredService<IOptionsMonitor<OAuthClientCredentialsOptions>>().Get(name),
                ConnectorHttpServiceCollectionExtensions.GetSystemName(sp, name),
                ConnectorHttpServiceCollectionExtensions.GetTimeProvider(sp),
                ConnectorHttpServiceCollectionExtensions.GetLogger(sp),
                sp.GetRequiredService<ConnectorHttpMetrics>());
        });

        return AddAuthentication(builder, sp => new OAuthClientCredentialsHandler(
            sp.GetRequiredKeyedService<OAuthTokenProvider>(name),
            ConnectorHttpServiceCollectionExtensions.GetSystemName(sp, name),
            ConnectorHttpServiceCollectionExtensions.GetLogger(sp)));
    }

    private static IConnectorHttpClientBuilder AddStatic<TOptions>(
        IConnectorHttpClientBuilder builder,
        Action<OptionsBuilder<TOptions>> configure,
        Func<TOptions, bool> validate,
        string failureKey,
        Func<TOptions, DelegatingHandler> createHandler)
        where TOptions : class
    {
        ArgumentNullException.ThrowIfNull(builder);
        var name = builder.Name;
        var optionsBuilder = builder.Services.AddOptions<TOptions>(name);
        configure(optionsBuilder);
        optionsBuilder.ValidateText(validate, failureKey, typeof(TOptions).Name).ValidateOnStart();
        return AddAuthentication(builder, sp => createHandler(sp.GetRequiredService<IOptionsMonitor<TOptions>>().Get(name)));
    }

    private static void CheckPolicy(RateLimitPolicy policy)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(policy.PermitLimit, 1);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(policy.Window, TimeSpan.Zero);
    }

    private static bool IsValid(ApiKeyOptions options) => !string.IsNullOrWhiteSpace(options.HeaderName) && options.Key is { IsEmpty: false };

    private static bool IsValid(BasicAuthenticationOptions options) =>
        !string.IsNullOrEmpty(options.UserName) && !options.UserName.Contains(':', StringComparison.Ordinal) && options.Password is { IsEmpty: false };

    private static ConnectorHttpClientRegistration Registration(IConnectorHttpClientBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder is ConnectorHttpClientBuilder own
            ? own.Registration
            : throw new ArgumentException("The builder must come from AddCallCrmHttpClient.", nameof(builder));
    }
}
