// THROWAWAY: stands in for the SQLite store until it lands in main; deleted before the final commit.
#pragma warning disable IDE0011, IDE0055, CA1822, CS1998
using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using CallCrm.Connectors.Checkpoints;
using CallCrm.Connectors.State;
using NodaTime;

namespace CallCrm.Connectors.Sync.Tests.TestProviders;

internal sealed class TestStoreDouble : IConnectorStateStore, ICheckpointStore, IDeliveryLedger, IOutboxStore, IDeadLetterStore, ITagHistoryStore
{
    private readonly object _lock = new();
    private readonly Dictionary<string, Checkpoint?> _checkpoints = new();
    private readonly Dictionary<(string, string), LedgerEntry> _ledger = new();
    private readonly SortedDictionary<long, OutboxEntry> _outbox = new();
    private readonly SortedDictionary<long, DeadLetterEntry> _dead = new();
    private readonly List<TagVersion> _tags = new();
    private long _nextId;

    public ICheckpointStore Checkpoints => this;
    public IDeliveryLedger Ledger => this;
    public IOutboxStore Outbox => this;
    public IDeadLetterStore DeadLetters => this;
    public ITagHistoryStore TagHistory => this;
    public IAuditLogStore AuditLog => throw new NotSupportedException();

    public ValueTask InitializeAsync(CancellationToken cancellationToken = default) => default;
    public ValueTask DisposeAsync() => default;

    public ValueTask CommitAsync(StateCommit commit, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        lock (_lock)
        {
            foreach (var v in commit.TagVersions)
            {
                if (_tags.Any(t => t.Target == v.Target && t.CustomerId == v.CustomerId && t.Version == v.Version)) throw new InvalidOperationException("dup version");
            }
            foreach (var e in commit.LedgerEntries) _ledger[(e.Stream, e.Key)] = e;
            foreach (var d in commit.DeadLetters) { var id = ++_nextId; _dead[id] = new DeadLetterEntry(id, d); }
            EnqueueCore(commit.OutboxMessages);
            foreach (var id in commit.CompletedOutboxIds) _outbox.Remove(id);
            _tags.AddRange(commit.TagVersions);
            if (commit.Checkpoint is not null) _checkpoints[commit.Stream] = commit.Checkpoint;
        }
        return default;
    }

    private void EnqueueCore(IReadOnlyList<OutboxMessage> messages)
    {
        foreach (var m in messages)
        {
            var existing = _outbox.Values.FirstOrDefault(o => o.Message.Stream == m.Stream && o.Message.Key == m.Key);
            if (existing is not null) _outbox[existing.Id] = existing with { Message = m with { EnqueuedAt = existing.Message.EnqueuedAt } };
            else { var id = ++_nextId; _outbox[id] = new OutboxEntry(id, m, 0, null, null); }
        }
    }

    ValueTask<Checkpoint?> ICheckpointStore.GetAsync(string stream, CancellationToken cancellationToken) { lock (_lock) return ValueTask.FromResult(_checkpoints.GetValueOrDefault(stream)); }
    public ValueTask SetAsync(string stream, Checkpoint? checkpoint, CancellationToken cancellationToken = default) { lock (_lock) _checkpoints[stream] = checkpoint; return default; }

    public ValueTask<IReadOnlyDictionary<string, LedgerEntry>> GetAsync(string stream, IReadOnlyCollection<string> keys, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            var r = new Dictionary<string, LedgerEntry>();
            foreach (var k in keys) if (_ledger.TryGetValue((stream, k), out var e)) r[k] = e;
            return ValueTask.FromResult<IReadOnlyDictionary<string, LedgerEntry>>(r);
        }
    }
    public ValueTask UpsertAsync(IReadOnlyList<LedgerEntry> entries, CancellationToken cancellationToken = default) => CommitAsync(new StateCommit("") { LedgerEntries = entries }, cancellationToken);
    public ValueTask<long> CountAsync(string stream, DeliveryStatus status, CancellationToken cancellationToken = default) { lock (_lock) return ValueTask.FromResult((long)_ledger.Values.Count(e => e.Stream == stream && e.Status == status)); }

    public ValueTask EnqueueAsync(IReadOnlyList<OutboxMessage> messages, CancellationToken cancellationToken = default) { lock (_lock) EnqueueCore(messages); return default; }
    public ValueTask<IReadOnlyList<OutboxEntry>> PeekAsync(string stream, int maxCount, Instant now, CancellationToken cancellationToken = default)
    { lock (_lock) return ValueTask.FromResult<IReadOnlyList<OutboxEntry>>(_outbox.Values.Where(o => o.Message.Stream == stream && (o.NextAttemptAt is null || o.NextAttemptAt <= now)).Take(maxCount).ToList()); }
    public ValueTask CompleteAsync(IReadOnlyList<long> ids, CancellationToken cancellationToken = default) { lock (_lock) foreach (var id in ids) _outbox.Remove(id); return default; }
    public ValueTask RecordFailureAsync(long id, string errorCode, Instant nextAttemptAt, CancellationToken cancellationToken = default)
    { lock (_lock) if (_outbox.TryGetValue(id, out var e)) _outbox[id] = e with { Attempts = e.Attempts + 1, NextAttemptAt = nextAttemptAt, LastErrorCode = errorCode }; return default; }
    public ValueTask<OutboxStatistics> GetStatisticsAsync(string? stream = null, CancellationToken cancellationToken = default)
    { lock (_lock) { var l = _outbox.Values.Where(o => stream is null || o.Message.Stream == stream).ToList(); return ValueTask.FromResult(new OutboxStatistics(l.Count, l.Count == 0 ? null : l.Min(o => o.Message.EnqueuedAt))); } }

    public ValueTask AddAsync(IReadOnlyList<DeadLetterMessage> messages, CancellationToken cancellationToken = default) => CommitAsync(new StateCommit("") { DeadLetters = messages }, cancellationToken);
    public ValueTask<IReadOnlyList<DeadLetterEntry>> ListAsync(DeadLetterQuery query, CancellationToken cancellationToken = default)
    { lock (_lock) return ValueTask.FromResult<IReadOnlyList<DeadLetterEntry>>(_dead.Values.Where(d => (query.Stream is null || d.Message.Stream == query.Stream) && (query.ErrorCode is null || d.Message.ErrorCode == query.ErrorCode) && (query.AfterId is null || d.Id > query.AfterId)).Take(query.MaxCount).ToList()); }
    ValueTask<DeadLetterEntry?> IDeadLetterStore.GetAsync(long id, CancellationToken cancellationToken) { lock (_lock) return ValueTask.FromResult(_dead.GetValueOrDefault(id)); }
    public ValueTask<bool> UpdatePayloadAsync(long id, ReadOnlyMemory<byte> payload, CancellationToken cancellationToken = default)
    { lock (_lock) { if (!_dead.TryGetValue(id, out var d)) return ValueTask.FromResult(false); _dead[id] = d with { Message = d.Message with { Payload = payload } }; return ValueTask.FromResult(true); } }
    public ValueTask<int> RemoveAsync(IReadOnlyList<long> ids, CancellationToken cancellationToken = default) { lock (_lock) return ValueTask.FromResult(ids.Count(id => _dead.Remove(id))); }
    public ValueTask<int> PurgeAsync(string? stream, Instant failedBefore, CancellationToken cancellationToken = default)
    { lock (_lock) { var ids = _dead.Values.Where(d => (stream is null || d.Message.Stream == stream) && d.Message.FailedAt < failedBefore).Select(d => d.Id).ToList(); ids.ForEach(i => _dead.Remove(i)); return ValueTask.FromResult(ids.Count); } }
    ValueTask<long> IDeadLetterStore.CountAsync(string? stream, CancellationToken cancellationToken) { lock (_lock) return ValueTask.FromResult((long)_dead.Values.Count(d => stream is null || d.Message.Stream == stream)); }

    public ValueTask AppendAsync(TagVersion version, CancellationToken cancellationToken = default) => CommitAsync(new StateCommit("") { TagVersions = [version] }, cancellationToken);
    public ValueTask<TagVersion?> GetLatestAsync(string target, string customerId, CancellationToken cancellationToken = default)
    { lock (_lock) return ValueTask.FromResult(_tags.Where(t => t.Target == target && t.CustomerId == customerId).MaxBy(t => t.Version)); }
    public ValueTask<IReadOnlyList<TagVersion>> GetHistoryAsync(string target, string customerId, CancellationToken cancellationToken = default)
    { lock (_lock) return ValueTask.FromResult<IReadOnlyList<TagVersion>>(_tags.Where(t => t.Target == target && t.CustomerId == customerId).OrderBy(t => t.Version).ToList()); }
    public ValueTask<IReadOnlyList<TagVersion>> GetByRunAsync(string runId, CancellationToken cancellationToken = default)
    { lock (_lock) return ValueTask.FromResult<IReadOnlyList<TagVersion>>(_tags.Where(t => t.RunId == runId).ToList()); }
}
