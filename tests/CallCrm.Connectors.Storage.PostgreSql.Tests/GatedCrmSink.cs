using CallCrm.Connectors.Model;
using CallCrm.Connectors.Providers;

namespace CallCrm.Connectors.Storage.PostgreSql.Tests;

/// <summary>A CRM sink that, once armed, holds its next write until released: an instance paused between reading and writing.</summary>
internal sealed class GatedCrmSink(ICrmSink inner) : ICrmSink
{
    private TaskCompletionSource? _reached;
    private TaskCompletionSource? _release;

    public string Name => inner.Name;

    public SinkCapabilities Capabilities => inner.Capabilities;

    /// <summary>Holds the next write; returns a task that completes when the write reached the gate.</summary>
    public Task Arm()
    {
        _reached = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        return _reached.Task;
    }

    public void Release() => _release?.TrySetResult();

    public async ValueTask<IReadOnlyList<RecordOutcome>> WriteAsync(IReadOnlyList<CallRecord> batch, CancellationToken cancellationToken = default)
    {
        if (_release is { } release)
        {
            _reached!.TrySetResult();
            await release.Task.WaitAsync(cancellationToken);
            _release = null;
        }

        return await inner.WriteAsync(batch, cancellationToken);
    }
}
