using CallCrm.Connectors.Security.Audit;
using CallCrm.Connectors.State;

namespace CallCrm.Connectors.Security.Tests.Audit;

/// <summary>A real audit store that runs another writer's work right after the first read of the seal returns, the moment another
/// instance's commit would hurt most, so a test can reproduce that interleaving every time.</summary>
internal sealed class RacingAuditLogStore(IAuditLogStore inner, Func<Task> raceAfterFirstSealRead) : DelegatingAuditLogStore(inner)
{
    private int raced;

    /// <summary>Gets a value indicating whether the other writer's work ran.</summary>
    public bool Raced => Volatile.Read(ref raced) == 1;

    public override async ValueTask<string?> GetValueAsync(string name, CancellationToken cancellationToken = default)
    {
        var value = await Inner.GetValueAsync(name, cancellationToken);
        if (name == AuditLogOptions.SealValueName && Interlocked.Exchange(ref raced, 1) == 0)
        {
            await raceAfterFirstSealRead();
        }

        return value;
    }
}
