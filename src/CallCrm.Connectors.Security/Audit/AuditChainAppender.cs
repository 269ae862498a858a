using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using CallCrm.Connectors.Errors;
using CallCrm.Connectors.State;
using Microsoft.Extensions.Logging;
using NodaTime;

namespace CallCrm.Connectors.Security.Audit;

/// <summary>Extends the chain: entries are hashed after the head and committed with the seal that covers them, one writer at a time.</summary>
/// <remarks>The head is cached; it is loaded (and its seal checked) on first use, and again after a failed commit, since what the store
/// holds then is not known. A commit that loses a sequence to another instance reloads the head and tries again.</remarks>
internal sealed class AuditChainAppender : IDisposable
{
    private readonly IAuditLogStore store;
    private readonly AuditSealStore seals;
    private readonly RedactionMemo redactions = new();
    private readonly TimeProvider timeProvider;
    private readonly ILogger logger;
    private readonly int maxAttempts;
    private readonly SemaphoreSlim gate = new(1, 1);
    private ChainHead? head;

    /// <param name="store">Where rows and the seal are kept.</param>
    /// <param name="seals">Reads and writes the seal.</param>
    /// <param name="timeProvider">The clock entries are stamped with.</param>
    /// <param name="logger">Logs conflicts and a head that disagrees with its seal.</param>
    /// <param name="maxAttempts">How often a commit that lost its sequence to another instance is tried.</param>
    public AuditChainAppender(IAuditLogStore store, AuditSealStore seals, TimeProvider timeProvider, ILogger logger, int maxAttempts)
    {
        this.store = store;
        this.seals = seals;
        this.timeProvider = timeProvider;
        this.logger = logger;
        this.maxAttempts = maxAttempts;
    }

    /// <summary>The failure of a chain that cannot be trusted (and must not be extended or pruned).</summary>
    public static ConnectorException ChainInvalid(string detail) =>
        new(new ConnectorError { Code = AuditErrorCodes.ChainInvalid, TechnicalDetail = detail });

    /// <summary>Appends entries as one commit, under the lock.</summary>
    public async ValueTask<AuditRecord[]> AppendAsync(List<AuditEntry> entries)
    {
        await gate.WaitAsync().ConfigureAwait(false);
        try
        {
            return await AppendLockedAsync(entries, CancellationToken.None).ConfigureAwait(false);
        }
        catch
        {
            // What the store holds after a failed commit is not known here: reload the head on the next attempt.
            head = null;
            throw;
        }
        finally
        {
            gate.Release();
        }
    }

    /// <summary>Runs an operation that rewrites the chain's start (retention) with no append in between.</summary>
    public async ValueTask<T> ExclusiveAsync<T>(Func<CancellationToken, ValueTask<T>> operation, CancellationToken cancellationToken)
    {
        await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return await operation(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            gate.Release();
        }
    }

    /// <summary>Gets the head, loading it on first use. Call it under the lock (<see cref="ExclusiveAsync"/>).</summary>
    public async ValueTask<ChainHead> GetHeadLockedAsync(CancellationToken cancellationToken) =>
        head ??= await LoadHeadAsync(cancellationToken).ConfigureAwait(false);

    /// <summary>Seals a new start of the chain and makes it the head. Call it under the lock (<see cref="ExclusiveAsync"/>).</summary>
    public async ValueTask ResealLockedAsync(ChainHead anchored, CancellationToken cancellationToken)
    {
        await seals.WriteAsync(anchored, cancellationToken).ConfigureAwait(false);
        head = anchored;
    }

    public async ValueTask<AuditRecord> AppendLockedAsync(AuditEntry entry, CancellationToken cancellationToken) =>
        (await AppendLockedAsync([entry], cancellationToken).ConfigureAwait(false))[0];

    /// <summary>Chains the entries after the head and commits them with the seal that covers them, in one store call.</summary>
    public async ValueTask<AuditRecord[]> AppendLockedAsync(List<AuditEntry> entries, CancellationToken cancellationToken)
    {
        var current = head ??= await LoadHeadAsync(cancellationToken).ConfigureAwait(false);
        for (var attempt = 1; ; attempt++)
        {
            // Stored time has millisecond precision in every store; time never goes backwards along the chain, so retention by time
            // always deletes a prefix of it.
            var now = Instant.FromUnixTimeMilliseconds(timeProvider.GetUtcNow().ToUnixTimeMilliseconds());
            var rows = new AuditLogRow[entries.Count];
            var records = new AuditRecord[entries.Count];
            var chain = current;
            for (var i = 0; i < entries.Count; i++)
            {
                var sequence = chain.LastSequence + 1;
                var recordedAt = now < chain.LastRecordedAt ? chain.LastRecordedAt : now;
                var content = AuditContentCodec.Serialize(entries[i], sequence, recordedAt, redactions);
                var row = new AuditLogRow(sequence, recordedAt, content, chain.LastHash, AuditChain.ComputeHash(chain.LastHash, content));
                rows[i] = row;
                records[i] = new AuditRecord(sequence, recordedAt, entries[i], row.Hash);
                chain = chain with { LastSequence = sequence, LastHash = row.Hash, LastRecordedAt = recordedAt };
            }

            try
            {
                await store.AppendBatchAsync(rows, AuditLogOptions.SealValueName, seals.Text(chain), cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not OperationCanceledException && attempt < maxAttempts)
            {
                var last = await store.GetLastAsync(cancellationToken).ConfigureAwait(false);
                if (last is null || last.Sequence < rows[0].Sequence)
                {
                    throw;
                }

                // Another instance appended first: continue the chain from its entry.
                Log.AuditAppendConflict(logger, rows[0].Sequence, attempt);
                current = current with { LastSequence = last.Sequence, LastHash = last.Hash, LastRecordedAt = last.RecordedAt };
                head = current;
                continue;
            }

            head = chain;
            return records;
        }
    }

    /// <inheritdoc />
    public void Dispose() => gate.Dispose();

    private async ValueTask<ChainHead> LoadHeadAsync(CancellationToken cancellationToken)
    {
        var (seal, last) = await ReadSealAndLastAsync(cancellationToken).ConfigureAwait(false);
        if (seal is null)
        {
            if (last is not null)
            {
                throw ChainInvalid("The audit log has entries but no seal: the seal was deleted, or another tool wrote the entries.");
            }

            return new ChainHead(1, AuditChain.GenesisHash, 0, AuditChain.GenesisHash, Instant.MinValue);
        }

        if (!seals.Verifies(seal))
        {
            throw ChainInvalid("The audit seal does not verify with the configured sealing key: the key is not the one the log was sealed with, or the log was rewritten.");
        }

        var sealedHead = new ChainHead(seal.FirstSequence, seal.AnchorHash, seal.LastSequence, seal.LastHash, Instant.MinValue);
        if (last is null || last.Sequence < seal.LastSequence)
        {
            // Entries the seal covers are gone. Continue after the sealed head so the gap stays visible to verification.
            if (seal.Count > 0)
            {
                Log.AuditHeadBehindSeal(logger, last?.Sequence ?? 0, seal.LastSequence);
            }

            return last is null ? sealedHead : sealedHead with { LastRecordedAt = last.RecordedAt };
        }

        if (last.Sequence > seal.LastSequence)
        {
            Log.AuditUnsealedEntries(logger, seal.LastSequence, last.Sequence);
        }

        return sealedHead with { LastSequence = last.Sequence, LastHash = last.Hash, LastRecordedAt = last.RecordedAt };
    }

    /// <summary>Reads the seal and the last row as one consistent pair although they are two reads.</summary>
    /// <remarks>Another instance may commit rows and their seal between the two reads: read the seal between two reads of the last
    /// row, and take it only when no append committed in between (the last row did not move), else read again.</remarks>
    private async ValueTask<(AuditSeal? Seal, AuditLogRow? Last)> ReadSealAndLastAsync(CancellationToken cancellationToken)
    {
        var last = await store.GetLastAsync(cancellationToken).ConfigureAwait(false);
        for (var attempt = 1; ; attempt++)
        {
            var seal = await seals.ReadAsync(cancellationToken).ConfigureAwait(false);
            var after = await store.GetLastAsync(cancellationToken).ConfigureAwait(false);
            if (after?.Sequence == last?.Sequence || attempt >= maxAttempts)
            {
                return (seal, after);
            }

            last = after;
        }
    }
}
