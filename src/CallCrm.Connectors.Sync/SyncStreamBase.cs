using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.Runtime.ExceptionServices;
using System.Threading;
using System.Threading.Tasks;
using CallCrm.Connectors.Checkpoints;
using CallCrm.Connectors.Errors;
using CallCrm.Connectors.Providers;
using CallCrm.Connectors.State;
using CallCrm.Connectors.Sync.Diagnostics;
using CallCrm.Connectors.Sync.Health;
using CallCrm.Connectors.Sync.Internal;
using CallCrm.Connectors.Sync.Resilience;
using Microsoft.Extensions.Logging;
using NodaTime;

namespace CallCrm.Connectors.Sync;

/// <summary>A named flow from a source to a sink. Streams are created by <see cref="SyncEngine"/>; each can be run alone.</summary>
public abstract class SyncStreamBase : IAsyncDisposable
{
    private readonly SemaphoreSlim _runLock = new(1, 1);
    private readonly List<SinkPipeline> _pipelines = [];
    private volatile StreamStoreFacts? _storeFacts;

    private protected SyncStreamBase(string name, SyncEngine engine, SyncOptions options)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(options);
        var errors = options.Validate();
        if (errors.Count > 0)
        {
            throw new ArgumentException($"Invalid options for stream {name}: {string.Join(" ", errors)}", nameof(options));
        }

        Name = name;
        Engine = engine;
        Options = options;
        Logger = engine.LoggerFactory.CreateLogger("CallCrm.Connectors.Sync." + name);
    }

    /// <summary>Gets the stream's name, which keys its checkpoint, ledger, outbox and dead letters.</summary>
    public string Name { get; }

    /// <summary>Gets the stream's options.</summary>
    public SyncOptions Options { get; }

    // Internal rather than private protected: the stream's collaborators (settler, ingest pump, tag services) work on its behalf.
    internal SyncEngine Engine { get; }

    internal IConnectorStateStore Store => Engine.Store;

    internal TimeProvider Time => Engine.TimeProvider;

    internal ILogger Logger { get; }

    /// <summary>Gets or sets the stream's last error, which health reports.</summary>
    internal ConnectorError? LastError { get; set; }

    internal Instant Now => Instant.FromDateTimeOffset(Time.GetUtcNow());

    /// <summary>Gets the stream's sink pipelines (their circuits are the engine's <c>callcrm.sync.circuit.state</c> gauge).</summary>
    internal IReadOnlyList<SinkPipeline> Pipelines => _pipelines;

    /// <summary>Gets what the stream last read about itself from the store, or <see langword="null"/> before the first read.</summary>
    internal StreamStoreFacts? StoreFacts => _storeFacts;

    /// <summary>Gets the retries the stream's sink pipeline made so far; a run reports the difference.</summary>
    private protected abstract long SinkRetries { get; }

    private protected Instant? LastRunEndedAt { get; set; }

    /// <summary>Catches up: reads everything after the stored checkpoint, delivers it, saves the checkpoint and returns.</summary>
    /// <param name="progress">Receives a progress event after each committed batch, or <see langword="null"/>.</param>
    /// <param name="cancellationToken">Aborts the run, writes in flight included; what was committed stays committed, the rest is read again next time.</param>
    /// <returns>The run's report.</returns>
    /// <remarks>To stop a run gracefully (finish the batches already read), use <see cref="RunOnceAsync(SyncRunOptions, CancellationToken)"/>.</remarks>
    public Task<SyncRunReport> RunOnceAsync(IProgress<SyncProgress>? progress = null, CancellationToken cancellationToken = default) =>
        RunOnceAsync(new SyncRunOptions { Progress = progress }, cancellationToken);

    /// <summary>Catches up, or stops gracefully when <see cref="SyncRunOptions.StoppingToken"/> fires: reads everything after the stored
    /// checkpoint, delivers it, saves the checkpoint and returns.</summary>
    /// <param name="options">The progress receiver and the graceful stop signal.</param>
    /// <param name="cancellationToken">Aborts the run, writes in flight included; what was committed stays committed, the rest is read again next time.</param>
    /// <returns>The run's report: <see cref="SyncRunOutcome.Stopped"/> after a graceful stop that finished the batches in flight,
    /// <see cref="SyncRunOutcome.Interrupted"/> when <see cref="SyncOptions.DrainTimeout"/> ran out first.</returns>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    /// <remarks>On a graceful stop the run asks the source for nothing more (the page being read is abandoned), writes and commits
    /// the records it already read (the batches at the sink and those waiting for a writer), saves the checkpoint, ledger and outbox,
    /// and skips the outbox drain that ends a normal run. A run started after the stop was asked reads nothing.</remarks>
    public async Task<SyncRunReport> RunOnceAsync(SyncRunOptions options, CancellationToken cancellationToken = default)
    {
        // Under a lease the run's commits carry its fencing token, and losing the lease aborts the run as a cancellation would.
        using var leaseLost = options.Lease is { } lease ? CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, lease.LeaseLost) : null;
        using var fence = StreamFence.Enter(options.Lease);
        cancellationToken = leaseLost?.Token ?? cancellationToken;

        // One run at a time per stream: two readers of the same checkpoint would only do the work twice.
        await _runLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            using var stop = new RunStop(Options.DrainTimeout, Time, options.StoppingToken, cancellationToken);
            var report = await RunCoreAsync(options.Progress, stop).ConfigureAwait(false);
            LastRunEndedAt = Now;
            Engine.Metrics.RunEnded(Name, report.Outcome);
            return report;
        }
        catch (ConnectorException ex)
        {
            LastError = ex.Error;
            Engine.Metrics.RunFailed(Name, ex.Code.Value);
            throw;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            Engine.Metrics.RunFailed(Name, ex.GetType().FullName ?? ex.GetType().Name);
            throw;
        }
        finally
        {
            // The gauges observe the store's side of the stream as of the latest run, whoever reads (or never reads) its health.
            await RefreshStoreFactsAsync(cancellationToken).ConfigureAwait(false);
            _runLock.Release();
        }
    }

    /// <summary>Runs continuously: a catch-up run, then a wait of <see cref="SyncOptions.PollInterval"/> (or until a spent budget resets), until cancelled.</summary>
    /// <param name="progress">Receives progress events, or <see langword="null"/>.</param>
    /// <param name="onRunCompleted">Called with each run's report, or <see langword="null"/>.</param>
    /// <param name="cancellationToken">Stops the loop, aborting the run in flight.</param>
    /// <returns>A task that completes when the loop stops.</returns>
    /// <remarks>A failed run is logged and kept as the stream's last error; the loop goes on after the poll interval.
    /// To let the run in flight finish its batches on stop, use <see cref="RunContinuouslyAsync(SyncRunOptions, Action{SyncRunReport}?, CancellationToken)"/>.</remarks>
    public Task RunContinuouslyAsync(IProgress<SyncProgress>? progress = null, Action<SyncRunReport>? onRunCompleted = null, CancellationToken cancellationToken = default) =>
        RunContinuouslyAsync(new SyncRunOptions { Progress = progress }, onRunCompleted, cancellationToken);

    /// <summary>Runs continuously until <see cref="SyncRunOptions.StoppingToken"/> fires (the run in flight finishes its batches, see
    /// <see cref="RunOnceAsync(SyncRunOptions, CancellationToken)"/>) or <paramref name="cancellationToken"/> aborts it.</summary>
    /// <param name="options">The progress receiver and the graceful stop signal.</param>
    /// <param name="onRunCompleted">Called with each run's report (the last one says <see cref="SyncRunOutcome.Stopped"/>), or <see langword="null"/>.</param>
    /// <param name="cancellationToken">Stops the loop, aborting the run in flight.</param>
    /// <returns>A task that completes when the loop stops.</returns>
    /// <remarks>A failed run is logged and kept as the stream's last error; the loop goes on after the poll interval.</remarks>
    public Task RunContinuouslyAsync(SyncRunOptions options, Action<SyncRunReport>? onRunCompleted = null, CancellationToken cancellationToken = default) =>
        RunContinuouslyAsync(new ContinuousRunOptions { Run = options, RunCompleted = onRunCompleted }, cancellationToken);

    /// <summary>Runs continuously, each run under the stream's lease where several instances share the state store, until
    /// <see cref="SyncRunOptions.StoppingToken"/> of <see cref="ContinuousRunOptions.Run"/> fires (the run in flight finishes its
    /// batches) or <paramref name="cancellationToken"/> aborts it.</summary>
    /// <param name="options">The runs' options, the leases and the callbacks.</param>
    /// <param name="cancellationToken">Stops the loop, aborting the run in flight.</param>
    /// <returns>A task that completes when the loop stops.</returns>
    /// <remarks>After each run the loop waits <see cref="SyncOptions.PollInterval"/>, or until a spent budget resets. A failed run is
    /// kept as the stream's last error and reported (<see cref="ContinuousRunOptions.RunFailed"/>, else the stream's log); the loop goes
    /// on after the poll interval.</remarks>
    public async Task RunContinuouslyAsync(ContinuousRunOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        using var wait = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, options.Run.StoppingToken);
        while (!wait.IsCancellationRequested)
        {
            var delay = Options.PollInterval;
            try
            {
                var report = await RunOnceUnderLeaseAsync(options, wait.Token, cancellationToken).ConfigureAwait(false);
                if (report is null)
                {
                    // Another instance runs the stream this round; neither a success nor a failure of this one.
                    options.RunSkipped?.Invoke();
                }
                else
                {
                    options.RunCompleted?.Invoke(report);
                    if (report.ResumesAt is { } resumesAt)
                    {
                        var untilReset = (resumesAt - Now).ToTimeSpan();
                        delay = untilReset > delay ? untilReset : delay;
                    }
                }
            }
            catch (OperationCanceledException) when (wait.IsCancellationRequested)
            {
                // Aborted during the run, or stopped while waiting for the stream's lease.
                return;
            }
#pragma warning disable CA1031 // A continuous loop must outlive one failed run; the failure is logged and exposed through health.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                LastError ??= new ConnectorError { Code = ConnectorErrorCode.Unknown, TechnicalDetail = ex.GetType().Name };
                if (options.RunFailed is { } runFailed)
                {
                    runFailed(ex);
                }
                else
                {
                    Log.ContinuousRunFailed(Logger, Name, ex);
                }
            }

            if (wait.IsCancellationRequested)
            {
                return;
            }

            if (options.BetweenRunsAsync is { } betweenRuns)
            {
                try
                {
                    await betweenRuns(cancellationToken).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
                {
                    return;
                }
            }

            try
            {
                await Task.Delay(delay, Time, wait.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    /// <summary>Gets the stream's health facts.</summary>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The snapshot.</returns>
    public abstract ValueTask<StreamHealth> GetHealthAsync(CancellationToken cancellationToken = default);

    /// <inheritdoc />
    public virtual ValueTask DisposeAsync()
    {
        _runLock.Dispose();
        GC.SuppressFinalize(this);
        return ValueTask.CompletedTask;
    }

    /// <summary>Reads the source from <see cref="RunStart.Request"/> and delivers what it read; the run skeleton around it drains the
    /// outbox, handles failures and reports.</summary>
    /// <returns>Whether a budget was spent and what failed, once every batch read is settled or given up.</returns>
    private protected abstract Task<RunEnd> ReadAndDeliverAsync(RunStart start);

    /// <summary>Prepares the stream's outbox state and delivers what waits in it, oldest first (at the start and end of a run).</summary>
    /// <returns><see langword="true"/> when the outbox is empty afterwards.</returns>
    private protected abstract Task<bool> DrainOutboxForRunAsync(RunCounters counters, CancellationToken cancellationToken, CancellationToken stoppingToken);

    /// <summary>Gets how long the sink asked to be left alone when the last drain stopped on it, or <see langword="null"/>.</summary>
    private protected abstract TimeSpan? OutboxRetryAfter { get; }

    /// <summary>Delivers a dead letter again; returns whether it is settled (delivered, unchanged or buffered) so it can be removed.</summary>
    internal abstract ValueTask<bool> ReplayAsync(DeadLetterEntry entry, CancellationToken cancellationToken);

    /// <summary>One run. <paramref name="stop"/> carries the graceful stop (read no more, finish what was read) and the hard one (the
    /// caller's token, or the drain timeout running out); a run ended by the hard stop of the caller throws, one whose grace ran out
    /// returns <see cref="SyncRunOutcome.Interrupted"/>.</summary>
    /// <remarks>The skeleton every stream shares: drain the outbox, read from the checkpoint (minus look-back) up to now and deliver,
    /// throw what failed, drain again unless a budget was spent or a stop was asked, and report.</remarks>
    private async Task<SyncRunReport> RunCoreAsync(IProgress<SyncProgress>? progress, RunStop stop)
    {
        var cancellationToken = stop.Token;
        var runId = NewRunId();
        var startedAt = Time.GetTimestamp();
        using var activity = SyncActivitySource.Source.StartActivity(SyncActivitySource.Run);
        activity?.SetTag("callcrm.stream", Name);
        activity?.SetTag("callcrm.run_id", runId);
        var counters = new RunCounters();
        var retriesBefore = SinkRetries;

        await DrainOutboxForRunAsync(counters, cancellationToken, stop.StoppingToken).ConfigureAwait(false);

        var stored = await Store.Checkpoints.GetAsync(Name, cancellationToken).ConfigureAwait(false);
        var request = ReadRequestFrom(stored);
        Log.RunStarted(Logger, Name, runId, stored?.ToString() ?? "the beginning");

        var end = await ReadAndDeliverAsync(new RunStart(runId, counters, stored, request, progress, stop)).ConfigureAwait(false);

        if (!stop.GraceExpired)
        {
            cancellationToken.ThrowIfCancellationRequested();
        }

        if (end.Failure is { } failure)
        {
            LastError = (failure as ConnectorException)?.Error ?? new ConnectorError { Code = ConnectorErrorCode.Unknown, TechnicalDetail = failure.GetType().Name };
            Log.RunFailed(Logger, Name, runId, LastError.Code.Value, failure);
            activity?.SetStatus(ActivityStatusCode.Error, LastError.Code.Value);
            ExceptionDispatchInfo.Throw(failure);
        }

        if (end.Budget is null && !stop.StopRequested)
        {
            await new FinalDrain(Time, Options.OutboxFinalDrainTimeout, Options.Resilience.RetryBaseDelay)
                .RunAsync(ct => DrainOutboxForRunAsync(counters, ct, stop.StoppingToken), () => OutboxRetryAfter, counters, cancellationToken, stop.StoppingToken)
                .ConfigureAwait(false);
        }

        // After a run whose grace ran out the hard token is cancelled; the checkpoint is still read for the report.
        var checkpoint = await Store.Checkpoints.GetAsync(Name, stop.GraceExpired ? CancellationToken.None : cancellationToken).ConfigureAwait(false);
        return BuildReport(runId, counters, end.Budget, checkpoint, Time.GetElapsedTime(startedAt), SinkRetries - retriesBefore, stop);
    }

    /// <summary>Runs once, holding the stream's lease while the run lasts when <see cref="ContinuousRunOptions.Leases"/> is set.</summary>
    /// <returns>The run's report; or <see langword="null"/> when another instance holds the lease and the run was skipped.</returns>
    private async Task<SyncRunReport?> RunOnceUnderLeaseAsync(ContinuousRunOptions options, CancellationToken stopping, CancellationToken cancellationToken)
    {
        if (options.Leases is not { } leases)
        {
            return await RunOnceAsync(options.Run, cancellationToken).ConfigureAwait(false);
        }

        // A stop cancels the wait for the lease: no new run starts once the loop stops.
        var lease = await leases.TryAcquireStreamLeaseAsync(Name, stopping).ConfigureAwait(false);
        if (lease is null)
        {
            return null;
        }

        // One lease per run: a lease the store lost while held ends with the run (its commits are refused by their fencing token, and
        // the lease's LeaseLost aborts it), and other instances get their turn between runs.
        await using (lease.ConfigureAwait(false))
        {
            return await RunOnceAsync(options.Run with { Lease = lease }, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Runs an operation outside a run (push ingestion, a drain, a replay) under the stream's lease when the engine has a lease
    /// provider and the operation holds none yet: its commits carry the lease's fencing token and losing the lease cancels it.</summary>
    /// <returns><see langword="false"/> without running <paramref name="work"/> when another instance holds the lease.</returns>
    internal async Task<bool> TryUnderLeaseAsync(Func<CancellationToken, Task> work, CancellationToken cancellationToken)
    {
        if (Engine.Leases is not { } leases || StreamFence.Current is not null)
        {
            await work(cancellationToken).ConfigureAwait(false);
            return true;
        }

        var lease = await leases.TryAcquireStreamLeaseAsync(Name, cancellationToken).ConfigureAwait(false);
        if (lease is null)
        {
            return false;
        }

        await using (lease.ConfigureAwait(false))
        {
            using var leaseLost = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, lease.LeaseLost);
            using var fence = StreamFence.Enter(lease);
            await work(leaseLost.Token).ConfigureAwait(false);
            return true;
        }
    }

    /// <summary>What a run started now reads: from the stored checkpoint (minus look-back) up to now.</summary>
    internal ReadRequest ReadRequestFrom(Checkpoint? stored) => new(ApplyLookBack(stored), Until: Now, Options.PageSize);

    /// <summary>Where a run starts reading: <see cref="SyncOptions.LookBack"/> before a stored watermark; a cursor as stored.</summary>
    private Checkpoint? ApplyLookBack(Checkpoint? stored)
    {
        if (stored is not WatermarkCheckpoint watermark || Options.LookBack == TimeSpan.Zero)
        {
            return stored;
        }

        var back = Duration.FromTimeSpan(Options.LookBack);
        return watermark.Timestamp < Instant.MinValue + back
            ? WatermarkCheckpoint.Start
            : new WatermarkCheckpoint(watermark.Timestamp - back, string.Empty);
    }

    private SyncRunReport BuildReport(string runId, RunCounters counters, ConnectorError? budget, Checkpoint? checkpoint, TimeSpan duration, long retried, RunStop stop)
    {
        var outcome = stop.OutcomeOr(budget is null ? SyncRunOutcome.Completed : SyncRunOutcome.BudgetExhausted);
        var resumesAt = outcome == SyncRunOutcome.BudgetExhausted ? Now + Duration.FromTimeSpan(budget!.RetryAfter ?? Options.PollInterval) : (Instant?)null;
        if (outcome == SyncRunOutcome.Interrupted)
        {
            Log.DrainTimedOut(Logger, Name, runId, stop.DrainTimeout);
        }
        else if (outcome == SyncRunOutcome.BudgetExhausted)
        {
            LastError = budget;
            Log.BudgetExhausted(Logger, Name, budget!.SystemName, resumesAt!.Value.ToString());
        }

        var message = RunReportMessage.For(outcome, counters, stop, budget, resumesAt);
        var report = new SyncRunReport
        {
            RunId = runId,
            Stream = Name,
            Outcome = outcome,
            Read = counters.Read,
            Written = counters.Written,
            Unchanged = counters.Unchanged,
            Buffered = counters.Buffered,
            DeadLettered = counters.DeadLettered,
            Retried = retried,
            Duration = duration,
            Checkpoint = checkpoint,
            ResumesAt = resumesAt,
            Message = message,
        };
        Log.RunEnded(Logger, Name, runId, report.Outcome, report.Read, report.Written, report.Unchanged, report.Buffered, report.DeadLettered, duration);
        return report;
    }

    /// <summary>Creates the pipeline of one of the stream's sinks (the replacement registered under <paramref name="key"/>, or the
    /// default one) and keeps it for the circuit gauge.</summary>
    internal SinkPipeline CreatePipeline(string sinkName, SinkCapabilities capabilities, string key)
    {
        var pipeline = SinkPipeline.Create(Name, key, sinkName, capabilities, Options.Resilience, Engine.ResiliencePipelines, Time, Logger, Engine.Metrics);
        _pipelines.Add(pipeline);
        return pipeline;
    }

    /// <summary>Whether the checkpoint must stop just before <paramref name="record"/> for the rest of the run.</summary>
    /// <remarks>Only for a source ordered by start time: a record that is not final keeps its start time when it changes, so a
    /// checkpoint past it would never read its final state. Ordered by change time or cursor, its next change moves it past
    /// the checkpoint by itself (see <see cref="SourceOrdering"/>).</remarks>
    private protected static bool HoldsCheckpoint(SourceCapabilities source, Model.ISyncRecord record) =>
        source.Ordering == SourceOrdering.StartTime && !record.IsFinal;

    /// <summary>Reads a source's capabilities once, refusing an ordering the engine does not know (it could not tell where to resume).</summary>
    /// <exception cref="ArgumentException">The source declares no capabilities or an undefined <see cref="SourceOrdering"/>.</exception>
    private protected SourceCapabilities SourceCapabilitiesOf(IConnectorProvider source, SourceCapabilities? capabilities)
    {
        if (capabilities is null || !Enum.IsDefined(capabilities.Ordering))
        {
            throw new ArgumentException(
                $"Source '{source.Name}' of stream '{Name}' declares no known SourceCapabilities.Ordering ({capabilities?.Ordering.ToString() ?? "null"}): " +
                "declare SourceOrdering.StartTime, ChangeTime or ChangeCursor, the order its API reads in.",
                nameof(capabilities));
        }

        return capabilities;
    }

    internal string NewRunId() => Guid.CreateVersion7(Time.GetUtcNow()).ToString("N");

    private protected async ValueTask<StreamHealth> BuildHealthAsync(CircuitStatus circuit, CancellationToken cancellationToken)
    {
        var stats = await Store.Outbox.GetStatisticsAsync(Name, cancellationToken).ConfigureAwait(false);
        var checkpoint = await Store.Checkpoints.GetAsync(Name, cancellationToken).ConfigureAwait(false);
        var deadLetters = await Store.DeadLetters.CountAsync(Name, cancellationToken).ConfigureAwait(false);
        _storeFacts = new StreamStoreFacts(stats.Depth, stats.OldestEnqueuedAt, WatermarkOf(checkpoint), deadLetters);
        var now = Now;
        return new StreamHealth
        {
            Stream = Name,
            Circuit = circuit,
            OutboxDepth = stats.Depth,
            OutboxAge = stats.OldestEnqueuedAt is { } oldest ? (now - oldest).ToTimeSpan() : null,
            Checkpoint = checkpoint,
            CheckpointLag = WatermarkOf(checkpoint) is { } watermark ? (now - watermark).ToTimeSpan() : null,
            LastRunEndedAt = LastRunEndedAt,
            LastError = LastError,
            DeadLetters = deadLetters,
        };
    }

    private static Instant? WatermarkOf(Checkpoint? checkpoint) =>
        checkpoint is WatermarkCheckpoint w && w.Timestamp != Instant.MinValue ? w.Timestamp : null;

    private async ValueTask RefreshStoreFactsAsync(CancellationToken cancellationToken)
    {
        if (cancellationToken.IsCancellationRequested)
        {
            return;
        }

        try
        {
            await BuildHealthAsync(CircuitStatus.Closed, cancellationToken).ConfigureAwait(false);
        }
#pragma warning disable CA1031 // Telemetry must not fail a run; the gauges keep the previous facts and the next run tries again.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            Log.StoreFactsRefreshFailed(Logger, Name, ex);
        }
    }
}
