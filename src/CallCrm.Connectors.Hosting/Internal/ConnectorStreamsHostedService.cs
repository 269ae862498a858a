using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using CallCrm.Connectors.Hosting.Diagnostics;
using CallCrm.Connectors.State;
using CallCrm.Connectors.Sync;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using NodaTime;

namespace CallCrm.Connectors.Hosting.Internal;

/// <summary>
/// Runs every enabled stream continuously: a catch-up run, then a wait of the poll interval (or until a spent budget resets).
/// Stopping is graceful: no new run starts, and each run in flight stops reading at once (no further source page) but writes and
/// commits every batch it already read before it returns. Only when the host's shutdown timeout (<c>HostOptions.ShutdownTimeout</c>)
/// or the stream's <see cref="SyncOptions.DrainTimeout"/> elapses are its writes cancelled (their batches are read again at the next start).
/// When the state store is shared by several instances (<see cref="IStreamLeaseProvider"/>), each run holds the stream's lease and a
/// run whose lease another instance holds is skipped until the next poll.
/// </summary>
internal sealed class ConnectorStreamsHostedService(Func<ConnectorStreams> resolveStreams, TimeProvider time, ILogger<ConnectorStreamsHostedService> logger) : IHostedService, IDisposable
{
    // Resolved at start, not at construction: the host builds every hosted service before options validation runs,
    // and the streams need the (validated) store and providers.
    private ConnectorStreams streams = null!;

    private readonly CancellationTokenSource _stopping = new();
    private readonly CancellationTokenSource _abort = new();
    private readonly List<Task> _loops = [];

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        streams = resolveStreams();
        if (!streams.Options.RunStreams)
        {
            return;
        }

        await streams.InitializeAsync(cancellationToken).ConfigureAwait(false);
        foreach (var (name, options) in streams.Options.Streams)
        {
            if (!options.Enabled)
            {
                continue;
            }

            SyncStreamBase stream = options.Kind == ConnectorStreamKind.CallLog ? streams.GetCallLogStream(name) : streams.GetTagStream(name);
            Log.StreamStarted(logger, name, options.Kind, options.Source!, options.Sink!, stream.Options.PollInterval);
            _loops.Add(Task.Run(() => RunLoopAsync(stream), CancellationToken.None));
        }
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_loops.Count == 0)
        {
            return;
        }

        Log.Stopping(logger);
        await _stopping.CancelAsync().ConfigureAwait(false);
        try
        {
            await Task.WhenAll(_loops).WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            Log.StopTimedOut(logger);
            await _abort.CancelAsync().ConfigureAwait(false);
            await Task.WhenAll(_loops).ConfigureAwait(false);
        }
    }

    public void Dispose()
    {
        _stopping.Dispose();
        _abort.Dispose();
    }

    private async Task RunLoopAsync(SyncStreamBase stream)
    {
        while (!_stopping.IsCancellationRequested)
        {
            var delay = stream.Options.PollInterval;
            try
            {
                var report = await RunOnceUnderLeaseAsync(stream).ConfigureAwait(false);
                if (report is null)
                {
                    // Another instance runs the stream this round; neither a success nor a failure of this one.
                    Log.RunByAnotherInstance(logger, stream.Name, delay);
                }
                else if (report.Outcome is SyncRunOutcome.Stopped or SyncRunOutcome.Interrupted)
                {
                    Log.RunStopped(logger, stream.Name, report.Outcome, report.Written);
                    return;
                }

                if (report?.ResumesAt is { } resumesAt)
                {
                    var untilReset = (resumesAt - Instant.FromDateTimeOffset(time.GetUtcNow())).ToTimeSpan();
                    delay = untilReset > delay ? untilReset : delay;
                }
            }
            catch (OperationCanceledException) when (_abort.IsCancellationRequested || _stopping.IsCancellationRequested)
            {
                // The host stopped: while this loop waited for a stream lease (the stopping token), or the shutdown timeout
                // elapsed during the run's writes (the abort token).
                return;
            }
#pragma warning disable CA1031 // A continuous loop outlives one failed run; the failure is logged and reported by the health check.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                var failures = streams.RunFailed(stream.Name, ex);
                Log.RunFailed(logger, stream.Name, failures, delay, ex);
            }

            try
            {
                // Refreshes the outbox, checkpoint and dead-letter gauges.
                await streams.GetHealthAsync(_abort.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (_abort.IsCancellationRequested)
            {
                return;
            }
#pragma warning disable CA1031 // Gauges are best effort: a failed refresh must not end the stream's loop.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                Log.HealthRefreshFailed(logger, stream.Name, ex);
            }

            try
            {
                await Task.Delay(delay, time, _stopping.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    /// <summary>Runs the stream once, holding its lease while the run lasts when the state store is shared by several instances
    /// (<see cref="IStreamLeaseProvider"/>).</summary>
    /// <returns>The run's report; or <see langword="null"/> when another instance holds the lease and the run was skipped.</returns>
    private async Task<SyncRunReport?> RunOnceUnderLeaseAsync(SyncStreamBase stream)
    {
        if (streams.Engine.Store is not IStreamLeaseProvider leases)
        {
            return await RunOnceAsync(stream).ConfigureAwait(false);
        }

        // Stopping cancels the wait for the lease: no new run starts once the host stops.
        var lease = await leases.TryAcquireStreamLeaseAsync(stream.Name, _stopping.Token).ConfigureAwait(false);
        if (lease is null)
        {
            return null;
        }

        // One lease per run: a lease the store lost while held ends with the run, and other instances get their turn between runs.
        await using (lease.ConfigureAwait(false))
        {
            return await RunOnceAsync(stream).ConfigureAwait(false);
        }
    }

    private async Task<SyncRunReport> RunOnceAsync(SyncStreamBase stream)
    {
        // The stopping token only ends the reading: the run still commits what it has read. The abort token, cancelled when
        // the host's shutdown timeout elapses, cancels the writes too.
        var report = await stream.RunOnceAsync(new SyncRunOptions { StoppingToken = _stopping.Token }, _abort.Token).ConfigureAwait(false);
        streams.RunSucceeded(stream.Name);
        return report;
    }
}
