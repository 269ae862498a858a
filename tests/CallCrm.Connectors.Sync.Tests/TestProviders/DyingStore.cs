using CallCrm.Connectors.State;

namespace CallCrm.Connectors.Sync.Tests.TestProviders;

/// <summary>A store whose process "dies" on request: from then on nothing more is committed (every commit throws), as when the process
/// is killed between the sink's acknowledgement and the commit that records it.</summary>
internal sealed class DyingStore(IConnectorStateStore inner) : DelegatingStateStore(inner)
{
    public bool Dead { get; set; }

    public override ValueTask CommitAsync(StateCommit commit, CancellationToken cancellationToken = default) =>
        Dead ? throw new InvalidOperationException("The process died before this commit.") : Inner.CommitAsync(commit, cancellationToken);
}
