using System;
using CallCrm.Connectors.Auditing;
using CallCrm.Connectors.Normalization;
using CallCrm.Connectors.Providers;
using CallCrm.Connectors.Security.Access;
using CallCrm.Connectors.Security.Audit;
using CallCrm.Connectors.Security.Lookup;
using CallCrm.Connectors.Security.Webhooks;
using CallCrm.Connectors.State;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace CallCrm.Connectors.Security;

/// <summary>Registers the security services of CallCrm.Connectors.</summary>
public static class SecurityServiceCollectionExtensions
{
    /// <summary>Registers <see cref="ICustomerDataAccessPolicy"/> with the built-in roles, changed by <paramref name="configure"/>.</summary>
    /// <param name="services">The services.</param>
    /// <param name="configure">Changes the roles, for example <c>access =&gt; access.UseRoleClaimType("roles")</c>.</param>
    /// <returns>The services.</returns>
    public static IServiceCollection AddCallCrmCustomerDataAccess(this IServiceCollection services, Action<CustomerDataAccessBuilder>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        var builder = services.AddCustomerDataAccessCore();
        if (configure is not null)
        {
            builder.Configure(options => configure(new CustomerDataAccessBuilder(options)));
        }

        return services;
    }

    /// <summary>Registers <see cref="ICustomerDataAccessPolicy"/> with roles bound from configuration.</summary>
    /// <param name="services">The services.</param>
    /// <param name="configuration">The section holding <see cref="CustomerDataAccessOptions"/> (for example <c>CallCrm:Security:Access</c>).</param>
    /// <returns>The services.</returns>
    public static IServiceCollection AddCallCrmCustomerDataAccess(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddCustomerDataAccessCore().Bind(configuration);
        return services;
    }

    /// <summary>Registers the hash-chained <see cref="IAuditLog"/> and the <see cref="AuditPseudonymizer"/>. The rows go to the registered
    /// <see cref="IAuditLogStore"/>, or to the registered <see cref="IConnectorStateStore"/>'s audit log. Also registers the access policy
    /// (with its defaults) when none is registered.</summary>
    /// <param name="services">The services.</param>
    /// <param name="configure">Sets the sealing key and retention.</param>
    /// <returns>The services.</returns>
    public static IServiceCollection AddCallCrmAuditLog(this IServiceCollection services, Action<AuditLogOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configure);
        services.AddAuditLogCore().Configure(configure);
        return services;
    }

    /// <summary>Registers the audit log with options bound from configuration.</summary>
    /// <param name="services">The services.</param>
    /// <param name="configuration">The section holding <see cref="AuditLogOptions"/> (for example <c>CallCrm:Security:Audit</c>).</param>
    /// <returns>The services.</returns>
    public static IServiceCollection AddCallCrmAuditLog(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddAuditLogCore().Bind(configuration);
        return services;
    }

    /// <summary>Makes every change the SDK reports through <see cref="IDataChangeAuditor"/> (calls written, tags pushed and rolled back,
    /// dead letters replayed and purged) an entry of the audit log, replacing any other registered auditor. Configure the audit log with
    /// <c>AddCallCrmAuditLog</c>.</summary>
    /// <param name="services">The services.</param>
    /// <returns>The services.</returns>
    public static IServiceCollection AddCallCrmDataChangeAuditing(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddAuditLogCore();
        services.Replace(ServiceDescriptor.Singleton<IDataChangeAuditor, AuditLogDataChangeAuditor>());
        return services;
    }

    /// <summary>Registers <see cref="SecureCustomerLookup"/>, the audited, access-checked screen-pop lookup over the registered
    /// <see cref="ICustomerLookup"/>, and the audit log it writes to (configure it with <c>AddCallCrmAuditLog</c>). Registers Core's
    /// <see cref="IPhoneNumberNormalizer"/> unless one is registered; its <see cref="PhoneNumberNormalizerOptions.DefaultRegion"/> is then
    /// required, validated at start.</summary>
    /// <param name="services">The services.</param>
    /// <param name="configure">Sets the history window, candidate limit and the keyed lookup to wrap.</param>
    /// <returns>The services.</returns>
    public static IServiceCollection AddCallCrmSecureCustomerLookup(this IServiceCollection services, Action<SecureCustomerLookupOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        var builder = services.AddSecureLookupCore();
        if (configure is not null)
        {
            builder.Configure(configure);
        }

        return services;
    }

    /// <summary>Registers <see cref="SecureCustomerLookup"/> with options bound from configuration.</summary>
    /// <param name="services">The services.</param>
    /// <param name="configuration">The section holding <see cref="SecureCustomerLookupOptions"/> (for example <c>CallCrm:Security:Lookup</c>).</param>
    /// <returns>The services.</returns>
    public static IServiceCollection AddCallCrmSecureCustomerLookup(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddSecureLookupCore().Bind(configuration);
        return services;
    }

    /// <summary>Registers the generic HMAC-SHA256 webhook signer and validator, and an in-memory replay store unless another
    /// <see cref="IWebhookReplayStore"/> is registered.</summary>
    /// <param name="services">The services.</param>
    /// <param name="configure">Sets the secret and the window.</param>
    /// <returns>The services.</returns>
    public static IServiceCollection AddCallCrmWebhookSignatures(this IServiceCollection services, Action<HmacWebhookOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configure);
        services.AddWebhookCore().Configure(configure);
        return services;
    }

    /// <summary>Registers the webhook signer and validator with options bound from configuration.</summary>
    /// <param name="services">The services.</param>
    /// <param name="configuration">The section holding <see cref="HmacWebhookOptions"/> (for example <c>CallCrm:Security:Webhooks</c>).</param>
    /// <returns>The services.</returns>
    public static IServiceCollection AddCallCrmWebhookSignatures(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddWebhookCore().Bind(configuration);
        return services;
    }

    private static OptionsBuilder<CustomerDataAccessOptions> AddCustomerDataAccessCore(this IServiceCollection services)
    {
        services.AddLogging();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<CustomerDataAccessOptions>, CustomerDataAccessOptionsValidator>());
        services.TryAddSingleton<ICustomerDataAccessPolicy, CustomerDataAccessPolicy>();
        return services.AddOptions<CustomerDataAccessOptions>().ValidateOnStart();
    }

    private static OptionsBuilder<AuditLogOptions> AddAuditLogCore(this IServiceCollection services)
    {
        services.AddCustomerDataAccessCore();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<AuditLogOptions>, AuditLogOptionsValidator>());
        services.TryAddSingleton<AuditPseudonymizer>();
        services.TryAddSingleton<IAuditLog>(sp => new HashChainedAuditLog(
            sp.GetService<IAuditLogStore>() ?? sp.GetService<IConnectorStateStore>()?.AuditLog
                ?? throw new InvalidOperationException("The audit log needs a state store: register IConnectorStateStore (for example the SQLite store) or IAuditLogStore."),
            sp.GetRequiredService<IOptions<AuditLogOptions>>(),
            sp.GetRequiredService<ICustomerDataAccessPolicy>(),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetService<Microsoft.Extensions.Logging.ILogger<HashChainedAuditLog>>(),
            sp.GetService<System.Diagnostics.Metrics.IMeterFactory>()));
        return services.AddOptions<AuditLogOptions>().ValidateOnStart();
    }

    private static OptionsBuilder<SecureCustomerLookupOptions> AddSecureLookupCore(this IServiceCollection services)
    {
        // The audit log's options are left to AddCallCrmAuditLog; validation at start reports a missing sealing key.
        services.AddAuditLogCore();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<PhoneNumberNormalizerOptions>, PhoneNumberNormalizerOptionsValidator>());
        services.AddOptions<PhoneNumberNormalizerOptions>().ValidateOnStart();
        services.TryAddSingleton<IPhoneNumberNormalizer, PhoneNumberNormalizer>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<SecureCustomerLookupOptions>, SecureCustomerLookupOptionsValidator>());
        services.TryAddSingleton(sp =>
        {
            var options = sp.GetRequiredService<IOptions<SecureCustomerLookupOptions>>();
            var inner = options.Value.LookupServiceKey is { } key
                ? sp.GetRequiredKeyedService<ICustomerLookup>(key)
                : sp.GetRequiredService<ICustomerLookup>();
            return new SecureCustomerLookup(
                inner,
                sp.GetRequiredService<ICustomerDataAccessPolicy>(),
                sp.GetRequiredService<IAuditLog>(),
                sp.GetRequiredService<AuditPseudonymizer>(),
                sp.GetRequiredService<IPhoneNumberNormalizer>(),
                options,
                sp.GetRequiredService<TimeProvider>(),
                sp.GetService<Microsoft.Extensions.Logging.ILogger<SecureCustomerLookup>>());
        });
        return services.AddOptions<SecureCustomerLookupOptions>().ValidateOnStart();
    }

    private static OptionsBuilder<HmacWebhookOptions> AddWebhookCore(this IServiceCollection services)
    {
        services.AddLogging();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<HmacWebhookOptions>, HmacWebhookOptionsValidator>());
        services.TryAddSingleton<IWebhookReplayStore>(sp => new InMemoryWebhookReplayStore(sp.GetRequiredService<TimeProvider>()));
        services.TryAddSingleton<HmacWebhookSigner>();
        services.TryAddSingleton<HmacWebhookValidator>();
        return services.AddOptions<HmacWebhookOptions>().ValidateOnStart();
    }
}
