using CallCrm.Connectors.Model;

namespace CallCrm.Connectors.Sync.Tests.Simulation;

/// <summary>The simulated CRM both instances write to: it applies every write it receives (as a real CRM would) and keeps the history,
/// so the checks can see a duplicate object or an older version written over a newer one.</summary>
internal sealed class SimCrm
{
    private readonly Dictionary<string, CallRecord> _held = new(StringComparer.Ordinal);
    private readonly HashSet<(string Key, bool IsFinal, NodaTime.Instant? UpdatedAt)> _committed = [];

    public IReadOnlyDictionary<string, CallRecord> Held => _held;

    /// <summary>Gets every write, in order: key, version written, instance.</summary>
    public List<string> History { get; } = [];

    /// <summary>Gets the writes that put an older version over a newer one the ledger knew of.</summary>
    public List<string> Regressions { get; } = [];

    /// <summary>Gets the writes that put an older version over a newer one whose ledger commit a crash lost (neither its pending nor its
    /// delivered entry reached the ledger).</summary>
    public List<string> UnknownToLedger { get; } = [];

    /// <summary>Gets the writes that put an older version over a newer one another instance wrote and committed while this write was
    /// paused after its ledger check (the stream lease each write holds rules this out).</summary>
    public List<string> CrossInstanceRaces { get; } = [];

    /// <summary>Notes the versions a commit recorded in the ledger.</summary>
    public void Committed(IEnumerable<CallCrm.Connectors.State.LedgerEntry> entries)
    {
        lock (_held)
        {
            foreach (var entry in entries)
            {
                _committed.Add((entry.Key, entry.RecordIsFinal ?? false, entry.RecordUpdatedAt));
            }
        }
    }

    public void Apply(CallRecord record, string instance, bool pausedAfterCheck)
    {
        lock (_held)
        {
            if (_held.TryGetValue(record.Key, out var current) && IsOlder(record, current))
            {
                var known = _committed.Contains((current.Key, current.IsFinal, current.UpdatedAt));
                var list = !known ? UnknownToLedger : pausedAfterCheck ? CrossInstanceRaces : Regressions;
                list.Add($"{instance} wrote {Describe(record)} over {Describe(current)}");
            }

            _held[record.Key] = record;
            History.Add($"{instance}:{Describe(record)}");
        }
    }

    /// <summary>Whether <paramref name="candidate"/> is strictly older than <paramref name="current"/> (finality first, then change time).</summary>
    public static bool IsOlder(CallRecord candidate, CallRecord current)
    {
        if (candidate.IsFinal != current.IsFinal)
        {
            return current.IsFinal;
        }

        return candidate.UpdatedAt is { } mine && current.UpdatedAt is { } theirs && mine < theirs;
    }

    public static string Describe(CallRecord record) =>
        $"{record.SourceId}@{(record.UpdatedAt?.ToUnixTimeSeconds() ?? 0) % 100_000}{(record.IsFinal ? "F" : "p")}{record.Disposition}";
}
