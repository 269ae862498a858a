using System;
using System.Linq;
using CallCrm.Connectors.Hosting;
using CallCrm.Connectors.ScreenPop;
using CallCrm.Connectors.ScreenPop.Hosting;
using CallCrm.Connectors.Security;
using CallCrm.Connectors.Security.Audit;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Adds screen-pop to the CallCrm.Connectors builder (<c>services.AddCallCrmConnectors(...)</c>); without the builder, use
/// <see cref="ScreenPopServiceCollectionExtensions.AddCallCrmScreenPop"/>.</summary>
public static class ScreenPopCallCrmConnectorsBuilderExtensions
{
    /// <summary>Adds screen-pop: <see cref="IScreenPopService"/> over the registered <see cref="CallCrm.Connectors.Providers.ICustomerLookup"/>,
    /// filtered by the caller's role and audited, and makes every hosted stream's writes drop the cards they change (a written call
    /// drops the cards of its numbers and customer, a pushed tag set those of its customer), with no sink to wrap by hand.</summary>
    /// <remarks>
    /// <para>Registers what screen-pop needs unless the application registered it: the access policy with its built-in roles
    /// (<c>AddCallCrmCustomerDataAccess</c> changes them) and the audit log in the state store. An audit log registered here binds
    /// its options from the host's configuration section <c>CallCrm:Security:Audit</c>; its sealing key has no default, and a missing
    /// one stops the host at start with a message naming <c>CallCrm:Security:Audit:SealingKey</c>.</para>
    /// <para>The options are validated when the host starts, as are a registered <see cref="CallCrm.Connectors.Providers.ICustomerLookup"/>
    /// (for example <c>AddHubSpotCrm</c>) and a state store (<c>UseSqliteStateStore</c> or <c>UsePostgreSqlStateStore</c>).</para>
    /// </remarks>
    /// <typeparam name="TBuilder">The builder's type, returned as given so that the chain goes on.</typeparam>
    /// <param name="builder">The builder.</param>
    /// <param name="configure">Sets the options; <see cref="ScreenPopOptions.Region"/> is required.</param>
    /// <returns>The builder.</returns>
    public static TBuilder AddScreenPop<TBuilder>(this TBuilder builder, Action<ScreenPopOptions> configure)
        where TBuilder : ICallCrmConnectorsBuilder
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(configure);
        AddScreenPopCore(builder.Services).Configure(configure);
        return builder;
    }

    /// <summary>Adds screen-pop as <see cref="AddScreenPop{TBuilder}(TBuilder, Action{ScreenPopOptions})"/> does, options bound from configuration.</summary>
    /// <typeparam name="TBuilder">The builder's type.</typeparam>
    /// <param name="builder">The builder.</param>
    /// <param name="configuration">The section of <see cref="ScreenPopOptions"/>, for example <c>CallCrm:ScreenPop</c>.</param>
    /// <returns>The builder.</returns>
    public static TBuilder AddScreenPop<TBuilder>(this TBuilder builder, IConfiguration configuration)
        where TBuilder : ICallCrmConnectorsBuilder
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(configuration);
        AddScreenPopCore(builder.Services).Bind(configuration);
        return builder;
    }

    private static OptionsBuilder<ScreenPopOptions> AddScreenPopCore(IServiceCollection services)
    {
        // Only an audit log the application did not register itself is bound from the conventional section, so an application that
        // binds its own section or sets the key in code is not overridden. Checked before AddCallCrmAuditLog registers one.
        if (!services.Any(d => d.ServiceType == typeof(IAuditLog)))
        {
            services.TryAddEnumerable(ServiceDescriptor.Singleton<IConfigureOptions<AuditLogOptions>, ScreenPopAuditLogConfiguration>());
        }

        // Registers the access policy (built-in roles) and the audit log over the state store, each unless already registered.
        services.AddCallCrmAuditLog(static _ => { });
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<AuditLogOptions>, ScreenPopAuditLogValidator>());
        services.AddCallCrmScreenPop(static _ => { });
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<ScreenPopOptions>, ScreenPopRequirementsValidator>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IStreamSinkDecorator, ScreenPopSinkDecorator>());
        return services.AddOptions<ScreenPopOptions>();
    }
}
