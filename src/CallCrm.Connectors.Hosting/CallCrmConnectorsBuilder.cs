using System;
using System.Linq;
using CallCrm.Connectors.Hosting.Internal;
using CallCrm.Connectors.Providers;
using CallCrm.Connectors.ScreenPop;
using CallCrm.Connectors.Security;
using CallCrm.Connectors.Security.Audit;
using CallCrm.Connectors.State;
using CallCrm.Connectors.Storage.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace CallCrm.Connectors.Hosting;

/// <summary>Adds the sources, sinks, streams and state store of CallCrm.Connectors to a host.</summary>
/// <remarks>
/// <para>Providers register themselves as keyed services under their name (<c>AddTwilioCallSource</c> as the
/// <see cref="ICallSource"/> <c>twilio</c>, <c>AddHubSpotCrm</c> as the <see cref="ICrmSink"/> and <see cref="ICustomerSource"/>
/// <c>hubspot</c>, <c>AddWebhookCallSystemSink</c> as the <see cref="ICallSystemSink"/> <c>webhook</c>); streams name them.
/// A stream naming a provider that is not registered fails at start with a message saying which and how to fix it.</para>
/// <para><see cref="AddScreenPop(Action{ScreenPopOptions})"/> adds screen-pop (package <c>CallCrm.Connectors.ScreenPop</c>, which
/// stays usable without this package through <c>services.AddCallCrmScreenPop</c>) and makes the streams' writes invalidate its cache.
/// Other packages extend the builder with extension methods over <see cref="Services"/>.</para>
/// </remarks>
public sealed class CallCrmConnectorsBuilder
{
    private const string ScreenPopSectionName = "ScreenPop";

    internal CallCrmConnectorsBuilder(IServiceCollection services)
    {
        Services = services;
    }

    /// <summary>Gets the services, for provider registrations and extensions.</summary>
    public IServiceCollection Services { get; }

    /// <summary>Keeps state in a SQLite file (the default store).</summary>
    /// <param name="configure">Sets the options, for example <see cref="SqliteStateStoreOptions.DataSource"/>.</param>
    /// <returns>The builder.</returns>
    public CallCrmConnectorsBuilder UseSqliteStateStore(Action<SqliteStateStoreOptions> configure)
    {
        Services.AddSqliteStateStore(configure);
        return this;
    }

    /// <summary>Keeps state in a SQLite file, options bound from configuration.</summary>
    /// <param name="configuration">The section of <see cref="SqliteStateStoreOptions"/>, for example <c>CallCrm:State:Sqlite</c>.</param>
    /// <returns>The builder.</returns>
    public CallCrmConnectorsBuilder UseSqliteStateStore(IConfiguration configuration)
    {
        Services.AddSqliteStateStore(configuration);
        return this;
    }

    /// <summary>Adds a call source under a name, for sources without an <c>Add...</c> method of their own.</summary>
    /// <param name="name">The name streams refer to.</param>
    /// <param name="factory">Creates the source (once).</param>
    /// <returns>The builder.</returns>
    public CallCrmConnectorsBuilder AddCallSource(string name, Func<IServiceProvider, ICallSource> factory) => AddKeyed(name, factory);

    /// <summary>Adds a CRM sink under a name.</summary>
    /// <param name="name">The name streams refer to.</param>
    /// <param name="factory">Creates the sink (once).</param>
    /// <returns>The builder.</returns>
    public CallCrmConnectorsBuilder AddCrmSink(string name, Func<IServiceProvider, ICrmSink> factory) => AddKeyed(name, factory);

    /// <summary>Adds a CRM customer source (tag changes) under a name.</summary>
    /// <param name="name">The name streams refer to.</param>
    /// <param name="factory">Creates the source (once).</param>
    /// <returns>The builder.</returns>
    public CallCrmConnectorsBuilder AddCustomerSource(string name, Func<IServiceProvider, ICustomerSource> factory) => AddKeyed(name, factory);

    /// <summary>Adds a call-system sink (tag pushes) under a name.</summary>
    /// <param name="name">The name streams refer to.</param>
    /// <param name="factory">Creates the sink (once).</param>
    /// <returns>The builder.</returns>
    public CallCrmConnectorsBuilder AddCallSystemSink(string name, Func<IServiceProvider, ICallSystemSink> factory) => AddKeyed(name, factory);

    /// <summary>Adds a call-log stream: call records from the call source <paramref name="source"/> to the CRM sink <paramref name="sink"/>.</summary>
    /// <param name="name">The stream's name; it keys the checkpoint, ledger, outbox and dead letters.</param>
    /// <param name="source">The registered call source's name.</param>
    /// <param name="sink">The registered CRM sink's name.</param>
    /// <param name="configure">Adjusts the stream (engine options, transforms), or <see langword="null"/>.</param>
    /// <returns>The builder.</returns>
    public CallCrmConnectorsBuilder AddCallLogStream(string name, string source, string sink, Action<ConnectorStreamOptions>? configure = null) =>
        AddStream(name, ConnectorStreamKind.CallLog, source, sink, configure);

    /// <summary>Adds a tag stream: customer tags from the CRM customer source <paramref name="source"/> to the call-system sink <paramref name="sink"/>.</summary>
    /// <param name="name">The stream's name.</param>
    /// <param name="source">The registered customer source's name.</param>
    /// <param name="sink">The registered call-system sink's name.</param>
    /// <param name="configure">Adjusts the stream (engine options, ownership, engine identity), or <see langword="null"/>.</param>
    /// <returns>The builder.</returns>
    public CallCrmConnectorsBuilder AddTagStream(string name, string source, string sink, Action<ConnectorStreamOptions>? configure = null) =>
        AddStream(name, ConnectorStreamKind.Tags, source, sink, configure);

    /// <summary>Binds streams, health thresholds and <c>RunStreams</c> from configuration (the <c>CallCrm</c> section:
    /// <c>Streams:&lt;name&gt;:Kind|Source|Sink|Enabled|Sync|EngineIdentity|Ownership</c>, <c>Health:*</c>). Streams added in code
    /// with the same name are adjusted by the configuration. A <c>ScreenPop</c> subsection, when present, adds screen-pop as
    /// <see cref="AddScreenPop(IConfiguration)"/> does.</summary>
    /// <param name="configuration">The section.</param>
    /// <returns>The builder.</returns>
    public CallCrmConnectorsBuilder BindConfiguration(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        Services.AddOptions<CallCrmConnectorsOptions>().Bind(configuration);
        var screenPop = configuration.GetSection(ScreenPopSectionName);
        if (screenPop.Exists())
        {
            AddScreenPop(screenPop);
        }

        return this;
    }

    /// <summary>Adds screen-pop: <see cref="IScreenPopService"/> over the registered <see cref="ICustomerLookup"/>, filtered by the
    /// caller's role and audited, and makes every stream's writes drop the cards they change (a written call drops the cards of its
    /// numbers and customer, a pushed tag set those of its customer), with no sink to wrap by hand.</summary>
    /// <remarks>
    /// <para>Registers what screen-pop needs unless the application registered it: the access policy with its built-in roles
    /// (<c>AddCallCrmCustomerDataAccess</c> changes them) and the audit log in the state store. An audit log registered here binds
    /// its options from the host's configuration section <c>CallCrm:Security:Audit</c>; its sealing key has no default, and a missing
    /// one stops the host at start with a message naming <c>CallCrm:Security:Audit:SealingKey</c>.</para>
    /// <para>The options are validated when the host starts, as are a registered <see cref="ICustomerLookup"/> (for example
    /// <c>AddHubSpotCrm</c>) and a state store (<see cref="UseSqliteStateStore(Action{SqliteStateStoreOptions})"/>).</para>
    /// </remarks>
    /// <param name="configure">Sets the options; <see cref="ScreenPopOptions.Region"/> is required.</param>
    /// <returns>The builder.</returns>
    public CallCrmConnectorsBuilder AddScreenPop(Action<ScreenPopOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        AddScreenPopCore().Configure(configure);
        return this;
    }

    /// <summary>Adds screen-pop as <see cref="AddScreenPop(Action{ScreenPopOptions})"/> does, options bound from configuration.</summary>
    /// <param name="configuration">The section of <see cref="ScreenPopOptions"/>, for example <c>CallCrm:ScreenPop</c>.</param>
    /// <returns>The builder.</returns>
    public CallCrmConnectorsBuilder AddScreenPop(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        AddScreenPopCore().Bind(configuration);
        return this;
    }

    /// <summary>Adjusts the options in code (run after configuration binding registered before it).</summary>
    /// <param name="configure">Adjusts the options.</param>
    /// <returns>The builder.</returns>
    public CallCrmConnectorsBuilder Configure(Action<CallCrmConnectorsOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        Services.Configure(configure);
        return this;
    }

    private OptionsBuilder<ScreenPopOptions> AddScreenPopCore()
    {
        // Only an audit log the application did not register itself is bound from the conventional section, so an application that
        // binds its own section or sets the key in code is not overridden. Checked before AddCallCrmAuditLog registers one.
        if (!Services.Any(d => d.ServiceType == typeof(IAuditLog)))
        {
            Services.TryAddEnumerable(ServiceDescriptor.Singleton<IConfigureOptions<AuditLogOptions>, ScreenPopAuditLogConfiguration>());
        }

        // Registers the access policy (built-in roles) and the audit log over the state store, each unless already registered.
        Services.AddCallCrmAuditLog(static _ => { });
        Services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<AuditLogOptions>, ScreenPopAuditLogValidator>());
        Services.AddCallCrmScreenPop(static _ => { });
        Services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<ScreenPopOptions>, ScreenPopRequirementsValidator>());
        Services.TryAddEnumerable(ServiceDescriptor.Singleton<IStreamSinkDecorator, ScreenPopSinkDecorator>());
        return Services.AddOptions<ScreenPopOptions>();
    }

    private CallCrmConnectorsBuilder AddStream(string name, ConnectorStreamKind kind, string source, string sink, Action<ConnectorStreamOptions>? configure)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentException.ThrowIfNullOrWhiteSpace(source);
        ArgumentException.ThrowIfNullOrWhiteSpace(sink);
        Services.Configure<CallCrmConnectorsOptions>(options =>
        {
            if (!options.Streams.TryGetValue(name, out var stream))
            {
                stream = new ConnectorStreamOptions();
                options.Streams[name] = stream;
            }

            stream.Kind = kind;
            stream.Source = source;
            stream.Sink = sink;
            configure?.Invoke(stream);
        });
        return this;
    }

    private CallCrmConnectorsBuilder AddKeyed<T>(string name, Func<IServiceProvider, T> factory)
        where T : class
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(factory);
        Services.AddKeyedSingleton<T>(name, (sp, _) => factory(sp));
        return this;
    }
}
