using CallCrm.Connectors.Model;
using CallCrm.Connectors.State;

namespace CallCrm.Connectors.Sync.Tests.Simulation;

/// <summary>What must hold once a seed's run is quiet: every source record in the CRM exactly once in its newest version, never an older
/// version written over a newer one, an empty outbox and no dead letters left.</summary>
internal static class SimChecks
{
    public static async Task<List<string>> ViolationsAsync(SimWorld world, IReadOnlyDictionary<string, CallRecord> latest)
    {
        var violations = new List<string>();
        foreach (var (key, record) in latest.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            if (!world.Crm.Held.TryGetValue(record.Key, out var held))
            {
                violations.Add($"{key} is missing from the CRM (newest {SimCrm.Describe(record)})");
            }
            else if (SimCrm.Describe(held) != SimCrm.Describe(record))
            {
                violations.Add($"{key}: the CRM holds {SimCrm.Describe(held)}, the newest is {SimCrm.Describe(record)}");
            }
        }

        var keys = latest.Values.Select(r => r.Key).ToHashSet(StringComparer.Ordinal);
        violations.AddRange(world.Crm.Held.Keys.Where(k => !keys.Contains(k)).Select(k => $"{k} is in the CRM but not in the source"));
        // Never an older version over a newer one, not even for a moment: whether the ledger knew of the newer one, a crash lost its
        // commit, or another instance wrote it while this write was paused.
        violations.AddRange(world.Crm.Regressions.Select(r => "older over newer: " + r));
        violations.AddRange(world.Crm.UnknownToLedger.Select(r => "older over newer (a crash lost the newer one's ledger commit): " + r));
        violations.AddRange(world.Crm.CrossInstanceRaces.Select(r => "older over newer (cross-instance race): " + r));

        var store = world.Instances[0].Engine.Store;
        var outbox = await store.Outbox.GetStatisticsAsync(SimWorld.StreamName);
        if (outbox.Depth != 0)
        {
            violations.Add($"the outbox still holds {outbox.Depth} records once quiet");
        }

        var letters = await store.DeadLetters.ListAsync(new DeadLetterQuery(SimWorld.StreamName));
        violations.AddRange(letters.Select(l => $"dead letter {l.Message.Key} ({l.Message.ErrorCode}) left after a quiet replay"));
        return violations;
    }
}
