using System.Threading;
using CallCrm.Connectors.Security.Access;

namespace CallCrm.Connectors.ScreenPop.Caching;

/// <summary>One cached CRM answer as one set of roles may see it: the filtered card (without age and staleness, set per lookup) and the
/// audit facts of serving it, per way of serving. Dies with its <see cref="CacheEntry"/>, so invalidation and refresh drop every
/// projection at once.</summary>
internal sealed class RoleProjection(ScreenPopCard card)
{
    // Indexed by ScreenPopService's source index (hit, stale, miss, stale-if-error); built on first need.
    private readonly LookupAuditFacts?[] auditFacts = new LookupAuditFacts?[4];

    public ScreenPopCard Card { get; } = card;

    public LookupAuditFacts AuditFacts(int sourceIndex, string source, string? pseudonym, CustomerDataAccess access)
    {
        if (Volatile.Read(ref auditFacts[sourceIndex]) is { } known)
        {
            return known;
        }

        // Two first lookups may both build it: the facts are equal, so either may win.
        var facts = LookupAuditFacts.For(source, pseudonym, Card, access);
        Volatile.Write(ref auditFacts[sourceIndex], facts);
        return facts;
    }
}
