using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using CallCrm.Connectors.Errors;
using CallCrm.Connectors.Hosting.Diagnostics;
using CallCrm.Connectors.Hosting.Internal;
using CallCrm.Connectors.Model;
using CallCrm.Connectors.Providers;
using CallCrm.Connectors.Sync;
using CallCrm.Connectors.Sync.Health;
using CallCrm.Connectors.Sync.Tags;
using CallCrm.Connectors.Sync.Transforms;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace CallCrm.Connectors.Hosting;

/// <summary>The configured streams, created once over the registered providers and state store. The hosted service runs them;
/// resolve this to run them yourself (<see cref="CallCrmConnectorsOptions.RunStreams"/> off) or to reach dead letters and history.</summary>
public sealed class ConnectorStreams : IDisposable
{
    private readonly SyncEngine _engine;
    private readonly CallCrmConnectorsOptions _options;
    private readonly IServiceProvider _services;
    private readonly ConnectorMetrics _metrics;
    private readonly SemaphoreSlim _initialize = new(1, 1);
    private readonly ConcurrentDictionary<string, StreamRunStatus> _status = new(StringComparer.Ordinal);
    private volatile bool _initialized;

    internal ConnectorStreams(SyncEngine engine, IOptions<CallCrmConnectorsOptions> options, IServiceProvider services, ConnectorMetrics metrics)
    {
        _engine = engine;
        _options = options.Value;
        _services = services;
        _metrics = metrics;
    }

    /// <summary>Gets the engine the streams run on (dead letters, health).</summary>
    public SyncEngine Engine => _engine;

    /// <summary>Gets the options the streams were created from.</summary>
    public CallCrmConnectorsOptions Options => _options;

    /// <summary>Initializes the state store (creating or migrating it) and creates every configured stream; later calls do nothing.</summary>
    /// <param name="cancellationToken">Cancels the initialization.</param>
    /// <returns>A task that completes when the streams exist.</returns>
    public async ValueTask InitializeAsync(CancellationToken cancellationToken = default)
    {
        if (_initialized)
        {
            return;
        }

        await _initialize.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_initialized)
            {
                return;
            }

            await _engine.Store.InitializeAsync(cancellationToken).ConfigureAwait(false);
            // Features added through the builder (screen-pop's cache invalidation, IStreamSinkDecorator) wrap the sinks inside the instrumentation, so the
            // sink metrics keep measuring the whole write the engine sees.
            var decorators = _services.GetServices<IStreamSinkDecorator>().ToArray();
            foreach (var (name, stream) in _options.Streams.OrderBy(s => s.Key, StringComparer.Ordinal))
            {
                if (stream.Kind == ConnectorStreamKind.CallLog)
                {
                    _engine.AddCallLogStream(new CallLogStreamDefinition(
                        name,
                        _services.GetRequiredKeyedService<ICallSource>(stream.Source),
                        new InstrumentedSink<CallRecord>(Decorate(name, _services.GetRequiredKeyedService<ICrmSink>(stream.Sink), decorators), name, _metrics))
                    {
                        Options = stream.Sync,
                        Transforms = stream.Cleansing.Fields.Count == 0 ? [.. stream.Transforms] : [new FieldCleansingTransform(stream.Cleansing), .. stream.Transforms],
                        PartitionKey = stream.PartitionKey,
                    });
                }
                else
                {
                    _engine.AddTagStream(new TagStreamDefinition(
                        name,
                        _services.GetRequiredKeyedService<ICustomerSource>(stream.Source),
                        new InstrumentedSink<CustomerTagUpdate>(Decorate(name, _services.GetRequiredKeyedService<ICallSystemSink>(stream.Sink), decorators), name, _metrics))
                    {
                        Options = stream.Sync,
                        Ownership = stream.Ownership,
                        EngineIdentity = stream.EngineIdentity,
                        CallOutcomeTags = stream.CallOutcomeTags,
                    });
                }
            }

            _initialized = true;
        }
        finally
        {
            _initialize.Release();
        }
    }

    /// <summary>Gets a call-log stream by name.</summary>
    /// <param name="name">The stream's name.</param>
    /// <returns>The stream.</returns>
    /// <exception cref="InvalidOperationException">Not initialized, or no call-log stream of that name.</exception>
    public CallLogSync GetCallLogStream(string name) => Get<CallLogSync>(name);

    /// <summary>Gets a tag stream by name.</summary>
    /// <param name="name">The stream's name.</param>
    /// <returns>The stream.</returns>
    /// <exception cref="InvalidOperationException">Not initialized, or no tag stream of that name.</exception>
    public TagSync GetTagStream(string name) => Get<TagSync>(name);

    /// <summary>Reads the health of every stream (which also refreshes the engine's <c>callcrm.sync.outbox.*</c>,
    /// <c>callcrm.sync.dead_letters</c> and <c>callcrm.sync.checkpoint.lag</c> gauges; every run refreshes them too).</summary>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>One entry per stream.</returns>
    public ValueTask<IReadOnlyList<StreamHealth>> GetHealthAsync(CancellationToken cancellationToken = default) =>
        _engine.GetHealthAsync(cancellationToken);

    /// <inheritdoc />
    public void Dispose() => _initialize.Dispose();

    internal StreamRunStatus GetStatus(string stream) => _status.GetValueOrDefault(stream) ?? new StreamRunStatus(0, null);

    internal void RunSucceeded(string stream) => _status[stream] = new StreamRunStatus(0, null);

    internal int RunFailed(string stream, Exception exception)
    {
        var error = (exception as ConnectorException)?.Error ?? new ConnectorError { Code = ConnectorErrorCode.Unknown, TechnicalDetail = exception.GetType().Name };
        return _status.AddOrUpdate(
            stream,
            _ => new StreamRunStatus(1, error),
            (_, previous) => new StreamRunStatus(previous.ConsecutiveFailures + 1, error)).ConsecutiveFailures;
    }

    private static IRecordSink<CallRecord> Decorate(string stream, IRecordSink<CallRecord> sink, IStreamSinkDecorator[] decorators) =>
        decorators.Aggregate(sink, (decorated, decorator) => decorator.Decorate(stream, decorated));

    private static IRecordSink<CustomerTagUpdate> Decorate(string stream, IRecordSink<CustomerTagUpdate> sink, IStreamSinkDecorator[] decorators) =>
        decorators.Aggregate(sink, (decorated, decorator) => decorator.Decorate(stream, decorated));

    private T Get<T>(string name)
        where T : SyncStreamBase
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        if (!_initialized)
        {
            throw new InvalidOperationException("The streams are not created yet: start the host or call ConnectorStreams.InitializeAsync first.");
        }

        return _engine.Streams.TryGetValue(name, out var stream) && stream is T typed
            ? typed
            : throw new InvalidOperationException($"No {(typeof(T) == typeof(TagSync) ? "tag" : "call-log")} stream named '{name}' is configured. Configured streams: {string.Join(", ", _engine.Streams.Keys.Order(StringComparer.Ordinal))}.");
    }
}
