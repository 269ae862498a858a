using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Diagnostics.Metrics;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using CallCrm.Connectors.Auditing;
using CallCrm.Connectors.Diagnostics;
using CallCrm.Connectors.State;
using CallCrm.Connectors.Sync.Diagnostics;
using CallCrm.Connectors.Sync.DeadLetters;
using CallCrm.Connectors.Sync.Health;
using CallCrm.Connectors.Sync.Tags;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Polly.Registry;

namespace CallCrm.Connectors.Sync;

/// <summary>The sync engine: creates streams over one state store and gives the dead-letter and health APIs that span them.</summary>
/// <remarks>The engine does not own the state store; dispose the store after the engine.</remarks>
public sealed class SyncEngine : ISyncHealth, IAsyncDisposable
{
    private readonly ConcurrentDictionary<string, SyncStreamBase> _streams = new(StringComparer.Ordinal);

    /// <summary>Initializes a new instance of the <see cref="SyncEngine"/> class.</summary>
    /// <param name="store">The state store (checkpoints, ledger, outbox, dead letters, tag history); call its <c>InitializeAsync</c> first.</param>
    /// <param name="timeProvider">The clock for batching delays, polling, retries and timestamps; <see cref="TimeProvider.System"/> when <see langword="null"/>.</param>
    /// <param name="loggerFactory">The logger factory, or <see langword="null"/> for none.</param>
    /// <param name="auditor">Receives every change the engine makes, after it is committed; <see langword="null"/> for none. Its failures
    /// are logged and counted (<c>callcrm.sync.audit.failures</c>), never undo or lose a change.</param>
    /// <param name="meterFactory">Creates the engine's meter (<see cref="CallCrmTelemetry.MeterNames.Sync"/>); when <see langword="null"/>
    /// the engine creates and disposes its own.</param>
    public SyncEngine(IConnectorStateStore store, TimeProvider? timeProvider = null, ILoggerFactory? loggerFactory = null, IDataChangeAuditor? auditor = null, IMeterFactory? meterFactory = null)
    {
        ArgumentNullException.ThrowIfNull(store);
        Store = store;
        TimeProvider = timeProvider ?? TimeProvider.System;
        LoggerFactory = loggerFactory ?? NullLoggerFactory.Instance;
        Auditor = auditor ?? NullDataChangeAuditor.Instance;
        DeadLetters = new DeadLetterService(this);
        Metrics = new SyncMetrics(meterFactory, () => _streams.Values, TimeProvider);
    }

    /// <summary>Gets the state store.</summary>
    public IConnectorStateStore Store { get; }

    /// <summary>Gets the engine's clock.</summary>
    public TimeProvider TimeProvider { get; }

    /// <summary>Gets the API to list, fix, replay and purge dead letters of every stream.</summary>
    public DeadLetterService DeadLetters { get; }

    /// <summary>Gets the Polly registry the engine looks in, when a stream is created, for a replacement of the stream's sink
    /// pipeline (see <see cref="Resilience.SinkResiliencePipelines"/>).</summary>
    /// <value>The default value is <see langword="null"/>: every stream uses the pipeline of its <see cref="SyncOptions.Resilience"/>.
    /// <c>AddCallCrmSync</c> sets the container's <see cref="ResiliencePipelineProvider{TKey}"/> of <see cref="string"/>, when there is one.</value>
    public ResiliencePipelineProvider<string>? ResiliencePipelines { get; init; }

    /// <summary>Gets the stream leases every path that writes to a sink outside a run takes, when several instances share the store.</summary>
    /// <value>The default value is <see langword="null"/> (a single instance: nothing is leased, behaviour as before). <c>AddCallCrmSync</c>
    /// sets the registered store when it implements <see cref="IStreamLeaseProvider"/> (the PostgreSQL store).</value>
    /// <remarks>With a provider, push ingestion (<see cref="CallLogSync.IngestAsync"/>), outbox drains (<see cref="CallLogSync.DrainOutboxAsync"/>
    /// and the ingestion loop's probes) and dead-letter replays take the stream's lease for the operation, and their commits carry its
    /// fencing token. When another instance holds it, ingestion buffers the records durably in the shared outbox instead of writing them
    /// (the holder drains them), a drain skips (reports the outbox not empty) and a replay leaves the dead letter in place (reported as
    /// failing; replay it again later). A run is leased by its caller (<see cref="SyncRunOptions.Lease"/>,
    /// <see cref="ContinuousRunOptions.Leases"/>); its start and end drains run under the run's lease.</remarks>
    public IStreamLeaseProvider? Leases { get; init; }

    /// <summary>Gets the streams, by name.</summary>
    public IReadOnlyDictionary<string, SyncStreamBase> Streams => _streams;

    internal ILoggerFactory LoggerFactory { get; }

    internal IDataChangeAuditor Auditor { get; }

    internal SyncMetrics Metrics { get; }

    /// <summary>Reports committed changes to the auditor. The changes are durable already: a failing auditor must not fail the run and
    /// make it redo them, so its failure is logged and counted, and the run goes on.</summary>
    internal async ValueTask AuditAsync(string stream, IReadOnlyList<DataChange> changes, ILogger logger, CancellationToken cancellationToken)
    {
        if (changes.Count == 0 || ReferenceEquals(Auditor, NullDataChangeAuditor.Instance))
        {
            return;
        }

        try
        {
            await Auditor.RecordAsync(changes, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            Metrics.AuditFailed(stream, changes.Count);
            Log.AuditFailed(logger, stream, changes.Count, ex);
            if (ex is OperationCanceledException && cancellationToken.IsCancellationRequested)
            {
                throw;
            }
        }
    }

    /// <summary>Creates a call-log stream (call system to CRM).</summary>
    /// <param name="definition">The stream's source, sink, transforms and options.</param>
    /// <returns>The stream.</returns>
    /// <exception cref="ArgumentException">The options are invalid, or a stream of that name exists.</exception>
    public CallLogSync AddCallLogStream(CallLogStreamDefinition definition)
    {
        ArgumentNullException.ThrowIfNull(definition);
        return Add(new CallLogSync(this, definition));
    }

    /// <summary>Creates a tag stream (CRM customer tags to the call system, with call outcomes as tags where configured).</summary>
    /// <param name="definition">The stream's source, sink, ownership rules and options.</param>
    /// <returns>The stream.</returns>
    /// <exception cref="ArgumentException">The options are invalid, or a stream of that name exists.</exception>
    public TagSync AddTagStream(TagStreamDefinition definition)
    {
        ArgumentNullException.ThrowIfNull(definition);
        return Add(new TagSync(this, definition));
    }

    /// <inheritdoc />
    public async ValueTask<IReadOnlyList<StreamHealth>> GetHealthAsync(CancellationToken cancellationToken = default)
    {
        var result = new List<StreamHealth>(_streams.Count);
        foreach (var stream in _streams.Values.OrderBy(s => s.Name, StringComparer.Ordinal))
        {
            result.Add(await stream.GetHealthAsync(cancellationToken).ConfigureAwait(false));
        }

        return result;
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        foreach (var stream in _streams.Values)
        {
            await stream.DisposeAsync().ConfigureAwait(false);
        }

        _streams.Clear();
        Metrics.Dispose();
    }

    private T Add<T>(T stream)
        where T : SyncStreamBase
    {
        if (!_streams.TryAdd(stream.Name, stream))
        {
            throw new ArgumentException($"A stream named {stream.Name} already exists.", nameof(stream));
        }

        return stream;
    }
}
