using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using CallCrm.Connectors.Hosting.Diagnostics;
using CallCrm.Connectors.Hosting.Health;
using CallCrm.Connectors.State;
using CallCrm.Connectors.Sync;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace CallCrm.Connectors.Hosting.Internal;

/// <summary>
/// Runs every enabled stream continuously: a catch-up run, then a wait of the poll interval (or until a spent budget resets).
/// Stopping is graceful: no new run starts, and each run in flight stops reading at once (no further source page) but writes and
/// commits every batch it already read before it returns. Only when the host's shutdown timeout (<c>HostOptions.ShutdownTimeout</c>)
/// or the stream's <see cref="SyncOptions.DrainTimeout"/> elapses are its writes cancelled (their batches are read again at the next start).
/// When the state store is shared by several instances (<see cref="IStreamLeaseProvider"/>), each run holds the stream's lease and a
/// run whose lease another instance holds is skipped until the next poll.
/// The loop itself is the stream's (<see cref="SyncStreamBase.RunContinuouslyAsync(ContinuousRunOptions, CancellationToken)"/>); this
/// service adds the host's stop signals, the leases and its bookkeeping (failure counts for health, logs, gauges).
/// </summary>
internal sealed class ConnectorStreamsHostedService(Func<ConnectorStreams> resolveStreams, Func<ConnectionChecks> resolveChecks, ILogger<ConnectorStreamsHostedService> logger) : IHostedService, IDisposable
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

        // Once, beside the loops rather than before them: a wrong token is reported at start even when there is nothing
        // to write yet, and a slow vendor does not hold up the host's start.
        _loops.Add(Task.Run(CheckConnectionsAsync, CancellationToken.None));
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

    /// <summary>The stream's own continuous loop, with the host's stop signals, the shared store's leases and the host's bookkeeping.</summary>
    private Task RunLoopAsync(SyncStreamBase stream)
    {
        return stream.RunContinuouslyAsync(
            new ContinuousRunOptions
            {
                // The stopping token only ends the reading: the run still commits what it has read. The abort token, cancelled when
                // the host's shutdown timeout elapses, cancels the writes too.
                Run = new SyncRunOptions { StoppingToken = _stopping.Token },
                Leases = streams.Engine.Store as IStreamLeaseProvider,
                RunCompleted = report =>
                {
                    streams.RunSucceeded(stream.Name);
                    if (report.Outcome is SyncRunOutcome.Stopped or SyncRunOutcome.Interrupted)
                    {
                        Log.RunStopped(logger, stream.Name, report.Outcome, report.Written);
                    }
                },
                RunFailed = ex =>
                {
                    var failures = streams.RunFailed(stream.Name, ex);
                    Log.RunFailed(logger, stream.Name, failures, stream.Options.PollInterval, ex);
                },
                RunSkipped = () => Log.RunByAnotherInstance(logger, stream.Name, stream.Options.PollInterval),
            },
            _abort.Token);
    }

    private async Task CheckConnectionsAsync()
    {
        try
        {
            foreach (var result in await resolveChecks().RunAsync(_stopping.Token).ConfigureAwait(false))
            {
                Log.ConnectionChecked(logger, result.Role, result.Provider, result.Error);
            }
        }
        catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
        {
            // The host stopped before the providers answered.
        }
    }
}
