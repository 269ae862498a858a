using CallCrm.Connectors.State;
using CallCrm.Connectors.Sync.Tests.TestProviders;

namespace CallCrm.Connectors.Sync.Tests.Simulation;

/// <summary>One instance's handle on the shared SQLite store: a crash failpoint before each commit, and nothing committed once the
/// instance has crashed.</summary>
internal sealed class SimStore(IConnectorStateStore inner, SimWorld world, SimInstance instance) : DelegatingStateStore(inner)
{
    public override async ValueTask CommitAsync(StateCommit commit, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(commit);
        if (instance.Crashed || world.Crash(instance, "before-commit"))
        {
            world.CrashNow(instance, "before-commit");
        }

        await Inner.CommitAsync(commit, cancellationToken).ConfigureAwait(false);
        world.Crm.Committed(commit.LedgerEntries);
        instance.PausedSinceCommit = false;
    }
}
