using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using System.Globalization;
using CallCrm.Connectors.Auditing;
using CallCrm.Connectors.Errors;
using CallCrm.Connectors.Model;
using CallCrm.Connectors.State;
using CallCrm.Connectors.Sync.Internal;
using Microsoft.Extensions.Logging;
using NodaTime;

namespace CallCrm.Connectors.Sync.DeadLetters;

/// <summary>Lists, fixes, replays and purges the dead letters of an engine's streams.</summary>
/// <remarks>
/// A dead letter keeps the record as it was read (before mapping and cleansing), so a fixed record goes through the
/// stream's rules again when replayed. A replay goes through the same ledger and sink pipeline as a run.
/// </remarks>
public sealed class DeadLetterService
{
    private readonly SyncEngine _engine;

    private readonly ILogger _logger;

    internal DeadLetterService(SyncEngine engine)
    {
        _engine = engine;
        _logger = engine.LoggerFactory.CreateLogger("CallCrm.Connectors.Sync.DeadLetters");
    }

    /// <summary>Lists dead letters.</summary>
    /// <param name="query">Which dead letters.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The dead letters in identifier order.</returns>
    public ValueTask<IReadOnlyList<DeadLetterEntry>> ListAsync(DeadLetterQuery query, CancellationToken cancellationToken = default) =>
        _engine.Store.DeadLetters.ListAsync(query, cancellationToken);

    /// <summary>Reads the call record a dead letter holds.</summary>
    /// <param name="id">The dead letter's identifier.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The record, or <see langword="null"/> when there is no such dead letter or it holds no call record.</returns>
    public async ValueTask<CallRecord?> GetCallRecordAsync(long id, CancellationToken cancellationToken = default)
    {
        var entry = await _engine.Store.DeadLetters.GetAsync(id, cancellationToken).ConfigureAwait(false);
        return entry?.Message.PayloadType == PayloadCodec.CallRecordType ? PayloadCodec.DeserializeCallRecord(entry.Message.Payload) : null;
    }

    /// <summary>Reads the tag update a dead letter holds.</summary>
    /// <param name="id">The dead letter's identifier.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The update, or <see langword="null"/> when there is no such dead letter or it holds no tag update.</returns>
    public async ValueTask<CustomerTagUpdate?> GetTagUpdateAsync(long id, CancellationToken cancellationToken = default)
    {
        var entry = await _engine.Store.DeadLetters.GetAsync(id, cancellationToken).ConfigureAwait(false);
        return entry?.Message.PayloadType == PayloadCodec.TagUpdateType ? PayloadCodec.DeserializeTagUpdate(entry.Message.Payload) : null;
    }

    /// <summary>Replaces the record a dead letter holds with a fixed one, to replay it afterwards.</summary>
    /// <param name="id">The dead letter's identifier.</param>
    /// <param name="fixedRecord">The fixed record; it must keep the same key.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns><see langword="true"/> when the dead letter existed.</returns>
    public async ValueTask<bool> FixAsync(long id, CallRecord fixedRecord, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(fixedRecord);
        var entry = await _engine.Store.DeadLetters.GetAsync(id, cancellationToken).ConfigureAwait(false);
        if (entry is null)
        {
            return false;
        }

        if (entry.Message.Key != fixedRecord.Key)
        {
            throw new ArgumentException("A fix must keep the record's key; the key is what makes delivery idempotent.", nameof(fixedRecord));
        }

        return await _engine.Store.DeadLetters.UpdatePayloadAsync(id, PayloadCodec.Serialize(fixedRecord), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Sends dead letters again through their streams; those delivered (or buffered because the sink is down) are removed.</summary>
    /// <param name="ids">The dead letters' identifiers.</param>
    /// <param name="cancellationToken">Cancels the replay.</param>
    /// <returns>What happened to each.</returns>
    public async ValueTask<DeadLetterReplayResult> ReplayAsync(IReadOnlyList<long> ids, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(ids);
        var replayed = new List<long>();
        var failing = new List<long>();
        var notFound = new List<long>();
        foreach (var id in ids)
        {
            var entry = await _engine.Store.DeadLetters.GetAsync(id, cancellationToken).ConfigureAwait(false);
            if (entry is null || !_engine.Streams.TryGetValue(entry.Message.Stream, out var stream))
            {
                notFound.Add(id);
                continue;
            }

            bool settled;
            try
            {
                settled = await stream.ReplayAsync(entry, cancellationToken).ConfigureAwait(false);
            }
            catch (ConnectorException ex) when (!ex.IsTransient)
            {
                settled = false;
            }

            if (settled)
            {
                await _engine.Store.DeadLetters.RemoveAsync([id], cancellationToken).ConfigureAwait(false);
                replayed.Add(id);
                await _engine.AuditAsync(entry.Message.Stream, [DeadLetterChange(DataChangeKind.DeadLetterReplayed, entry.Message.Stream, id)], _logger, cancellationToken)
                    .ConfigureAwait(false);
            }
            else
            {
                failing.Add(id);
            }
        }

        return new DeadLetterReplayResult(replayed, failing, notFound);
    }

    /// <summary>Removes dead letters that failed before a point in time.</summary>
    /// <param name="stream">Only this stream's, or <see langword="null"/> for all.</param>
    /// <param name="failedBefore">Removes those that failed before this time.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>How many were removed.</returns>
    public async ValueTask<int> PurgeAsync(string? stream, Instant failedBefore, CancellationToken cancellationToken = default)
    {
        var purged = await _engine.Store.DeadLetters.PurgeAsync(stream, failedBefore, cancellationToken).ConfigureAwait(false);
        if (purged > 0)
        {
            // The store deletes by age without naming the entries: the change is the purge itself, keyed by its scope.
            var key = string.Concat(stream ?? "*", " before ", failedBefore.ToString("g", CultureInfo.InvariantCulture));
            await _engine.AuditAsync(stream ?? "*", [DeadLetterChange(DataChangeKind.DeadLetterPurged, stream ?? "*", key)], _logger, cancellationToken)
                .ConfigureAwait(false);
        }

        return purged;
    }

    /// <summary>Removes dead letters by identifier (for example after checking by hand that the target holds them).</summary>
    /// <param name="ids">The identifiers.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>How many were removed.</returns>
    public async ValueTask<int> RemoveAsync(IReadOnlyList<long> ids, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(ids);
        var removed = await _engine.Store.DeadLetters.RemoveAsync(ids, cancellationToken).ConfigureAwait(false);
        if (removed > 0)
        {
            await _engine.AuditAsync("*", [.. ids.Select(id => DeadLetterChange(DataChangeKind.DeadLetterPurged, "*", id))], _logger, cancellationToken)
                .ConfigureAwait(false);
        }

        return removed;
    }

    private static DataChange DeadLetterChange(DataChangeKind kind, string stream, long id) =>
        DeadLetterChange(kind, stream, id.ToString(CultureInfo.InvariantCulture));

    private static DataChange DeadLetterChange(DataChangeKind kind, string stream, string key) => new()
    {
        Kind = kind,
        Stream = stream,
        EntityType = DataChangeEntityTypes.DeadLetter,
        EntityKey = key,
    };
}
