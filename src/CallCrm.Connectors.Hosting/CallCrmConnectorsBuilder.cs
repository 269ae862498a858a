using System;
using CallCrm.Connectors.Hosting.Internal;
using CallCrm.Connectors.Providers;
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
/// <para>Other packages extend the builder from their own assemblies through <see cref="ICallCrmConnectorsBuilder"/>, so this package
/// references no store and no feature: <c>UseSqliteStateStore</c> (package <c>CallCrm.Connectors.Storage.Sqlite</c>),
/// <c>UsePostgreSqlStateStore</c> (<c>CallCrm.Connectors.Storage.PostgreSql</c>) and <c>AddScreenPop</c>
/// (<c>CallCrm.Connectors.ScreenPop</c>, which makes the streams' writes invalidate its cache through an
/// <see cref="IStreamSinkDecorator"/>).</para>
/// </remarks>
public sealed class CallCrmConnectorsBuilder : ICallCrmConnectorsBuilder
{
    private const string ScreenPopSectionName = "ScreenPop";

    internal CallCrmConnectorsBuilder(IServiceCollection services)
    {
        Services = services;
    }

    /// <summary>Gets the services, for provider registrations and extensions.</summary>
    public IServiceCollection Services { get; }

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
    /// with the same name are adjusted by the configuration. A <c>ScreenPop</c> subsection is read by
    /// <c>AddScreenPop(configuration.GetSection("ScreenPop"))</c> of the ScreenPop package, not here: when the section is present and
    /// screen-pop was not added, the host fails at start saying so, rather than run without it.</summary>
    /// <param name="configuration">The section.</param>
    /// <returns>The builder.</returns>
    public CallCrmConnectorsBuilder BindConfiguration(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        Services.AddOptions<CallCrmConnectorsOptions>().Bind(configuration);
        var screenPop = configuration.GetSection(ScreenPopSectionName);
        if (screenPop.Exists())
        {
            Services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<CallCrmConnectorsOptions>>(new ScreenPopSectionValidator(Services, screenPop.Path)));
        }

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
