using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using CallCrm.Connectors.Hosting.Diagnostics;
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
                // The stopping token only ends the reading: the run still commits what it has read. The abort token, cancelled when
                // the host's shutdown timeout elapses, cancels the writes too.
                var report = await stream.RunOnceAsync(new SyncRunOptions { StoppingToken = _stopping.Token }, _abort.Token).ConfigureAwait(false);
                streams.RunSucceeded(stream.Name);
                if (report.Outcome is SyncRunOutcome.Stopped or SyncRunOutcome.Interrupted)
                {
                    Log.RunStopped(logger, stream.Name, report.Outcome, report.Written);
                    return;
                }

                if (report.ResumesAt is { } resumesAt)
                {
                    var untilReset = (resumesAt - Instant.FromDateTimeOffset(time.GetUtcNow())).ToTimeSpan();
                    delay = untilReset > delay ? untilReset : delay;
                }
            }
            catch (OperationCanceledException) when (_abort.IsCancellationRequested)
            {
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
}
