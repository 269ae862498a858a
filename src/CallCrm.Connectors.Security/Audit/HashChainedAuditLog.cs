using System;
using System.Collections.Generic;
using System.Diagnostics.Metrics;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Security.Claims;
using System.Text.Json;
using System.Threading;
using System.Threading.Channels;
using System.Threading.Tasks;
using CallCrm.Connectors.Errors;
using CallCrm.Connectors.Security.Access;
using CallCrm.Connectors.Security.Redaction;
using CallCrm.Connectors.State;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using NodaTime;
using NodaTime.Text;

namespace CallCrm.Connectors.Security.Audit;

/// <summary>The <see cref="IAuditLog"/> over an <see cref="IAuditLogStore"/>: each entry is hashed (SHA-256) over the previous entry's hash
/// and its canonical JSON, and the chain's head, start and length are sealed with HMAC-SHA256 under a key the store never sees.</summary>
/// <remarks>
/// <para>Every entry goes through one in-process queue and one writer, so the chain holds entries in the order they were handed over.
/// The writer commits them in groups: one transaction holds a batch of rows and the seal that covers them. An
/// <see cref="AppendAsync"/> (<see cref="AuditDurability.Immediate"/>) asks for a commit at once and waits for it; an
/// <see cref="EnqueueAsync"/> (<see cref="AuditDurability.Buffered"/>) only waits for room in the bounded queue, and its entry is
/// committed within <see cref="AuditLogOptions.FlushInterval"/>, as soon as <see cref="AuditLogOptions.MaxBatchSize"/> entries wait,
/// on <see cref="FlushAsync"/>, or on disposal. A batch the store refuses is tried again after the interval (buffered entries are
/// never dropped while the log runs; callers wait once the queue is full); an immediate appender gets the failure.</para>
/// <para>A batch that loses a sequence to another instance reloads the head and tries again.</para>
/// <para>What the design cannot see: whoever holds the sealing key can rewrite the log; and an attacker who saves an old seal and later
/// truncates the chain back to exactly that point and restores the old seal is not detected (keep a copy of the seal elsewhere, for example
/// in the monitoring system, to close that gap).</para>
/// </remarks>
public sealed class HashChainedAuditLog : IAuditLog, IAsyncDisposable, IDisposable
{
    private readonly IAuditLogStore store;
    private readonly ICustomerDataAccessPolicy policy;
    private readonly TimeProvider timeProvider;
    private readonly ILogger logger;
    private readonly byte[] sealKey;
    private readonly TimeSpan? retention;
    private readonly int maxAttempts;
    private readonly TimeSpan flushInterval;
    private readonly int maxBatchSize;
    private readonly SemaphoreSlim gate = new(1, 1);
    private readonly RedactionMemo redactions = new();
    private readonly Channel<PendingAuditEntry> queue;
    private readonly SemaphoreSlim wake = new(0, 1);
    private readonly ITimer flushTimer;
    private readonly AuditMetrics metrics;
    private readonly Task writer;
    private ChainHead? head;

    // Entries handed over and not yet durable (the queue-depth gauge; also the trigger for a full batch).
    private long queued;

    // 1 while a wake-up of the writer is pending, so that a burst of appenders releases the semaphore once.
    private int wakePending;

    // 1 while the flush timer runs for the entries waiting: armed by the first entry after the writer emptied the queue.
    private int timerArmed;

    private volatile bool stopping;
    private int disposed;

    /// <summary>Initializes a new instance of the <see cref="HashChainedAuditLog"/> class.</summary>
    /// <param name="store">Where rows and the seal are kept (<see cref="IConnectorStateStore.AuditLog"/>).</param>
    /// <param name="options">The sealing key and retention.</param>
    /// <param name="policy">Decides who may read the log.</param>
    /// <param name="timeProvider">The clock entries are stamped with.</param>
    /// <param name="logger">Logs conflicts, retention and verification failures.</param>
    /// <param name="meterFactory">Creates the meter <c>CallCrm.Connectors.Security</c> (queue depth, group-commit duration and size), if
    /// given.</param>
    public HashChainedAuditLog(
        IAuditLogStore store,
        IOptions<AuditLogOptions> options,
        ICustomerDataAccessPolicy policy,
        TimeProvider timeProvider,
        ILogger<HashChainedAuditLog>? logger = null,
        IMeterFactory? meterFactory = null)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(policy);
        ArgumentNullException.ThrowIfNull(timeProvider);
        var value = options.Value;
        var key = value.SealingKey ?? throw new ArgumentException("AuditLogOptions.SealingKey is not set.", nameof(options));
        this.store = store;
        this.policy = policy;
        this.timeProvider = timeProvider;
        this.logger = logger ?? (ILogger)NullLogger.Instance;
        sealKey = AuditChain.DeriveKey(key.RevealUtf8(), "CallCrm.Connectors.Audit.Seal.v1");
        retention = value.Retention;
        maxAttempts = value.MaxAppendAttempts;
        flushInterval = value.FlushInterval;
        maxBatchSize = value.MaxBatchSize;
        queue = Channel.CreateBounded<PendingAuditEntry>(new BoundedChannelOptions(value.BufferCapacity)
        {
            FullMode = BoundedChannelFullMode.Wait,
            SingleReader = true,
        });
        flushTimer = timeProvider.CreateTimer(static state => ((HashChainedAuditLog)state!).Wake(), this, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        metrics = new AuditMetrics(meterFactory, () => Interlocked.Read(ref queued));
        writer = Task.Run(RunWriterAsync);
    }

    /// <summary>Gets how many entries were handed to the log and are not durable yet.</summary>
    public long PendingCount => Interlocked.Read(ref queued);

    /// <inheritdoc />
    /// <remarks>Entries buffered before this one are committed with it, in order, in the same transaction.</remarks>
    public async ValueTask<AuditRecord> AppendAsync(AuditEntry entry, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(entry);
        var pending = PendingAuditEntry.Immediate(entry);
        await QueueAsync(pending, cancellationToken).ConfigureAwait(false);
        Wake();

        // Once queued the entry will be written: cancelling stops the wait, not the write.
        return await pending.Appended!.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public ValueTask EnqueueAsync(AuditEntry entry, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(entry);
        return QueueAsync(PendingAuditEntry.Buffered(entry), cancellationToken);
    }

    /// <inheritdoc />
    public async ValueTask FlushAsync(CancellationToken cancellationToken = default)
    {
        var marker = PendingAuditEntry.FlushMarker();
        await QueueAsync(marker, cancellationToken).ConfigureAwait(false);
        Wake();
        await marker.Flushed!.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async IAsyncEnumerable<AuditRecord> ReadAsync(
        ClaimsPrincipal principal,
        long fromSequence = 0,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(principal);
        CustomerDataAccess access;
        try
        {
            access = policy.EnsureCanRead(principal, DataView.Audit);
        }
        catch (ConnectorException)
        {
            await AppendAsync(AuditEntry.For(principal, AuditOperations.AuditRead) with { Outcome = AuditOutcome.Denied }, cancellationToken)
                .ConfigureAwait(false);
            throw;
        }

        await AppendAsync(
            AuditEntry.For(principal, AuditOperations.AuditRead, access.Roles) with { Outcome = AuditOutcome.Succeeded, EntityType = "audit" },
            cancellationToken).ConfigureAwait(false);

        await foreach (var row in store.ReadAsync(fromSequence, cancellationToken).ConfigureAwait(false))
        {
            yield return new AuditRecord(row.Sequence, row.RecordedAt, ToEntry(Parse(row.Content)), row.Hash);
        }
    }

    /// <inheritdoc />
    public async ValueTask<AuditVerificationResult> VerifyAsync(CancellationToken cancellationToken = default)
    {
        var result = await VerifyCoreAsync(cancellationToken).ConfigureAwait(false);
        if (!result.IsValid)
        {
            Log.AuditVerificationFailed(logger, result.Failure, result.FirstBadSequence ?? 0);
        }

        return result;
    }

    /// <inheritdoc />
    public async ValueTask<int> ApplyRetentionAsync(CancellationToken cancellationToken = default)
    {
        if (retention is not { } keep)
        {
            return 0;
        }

        await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            // Deleting rows of a chain that already fails verification would destroy the evidence: refuse.
            var verification = await VerifyCoreAsync(cancellationToken).ConfigureAwait(false);
            if (!verification.IsValid)
            {
                throw ChainInvalid(string.Concat("Retention refused: the audit chain does not verify (", verification.Message, ")."));
            }

            var current = head ??= await LoadHeadAsync(cancellationToken).ConfigureAwait(false);
            var cutoff = Instant.FromDateTimeOffset(timeProvider.GetUtcNow() - keep);
            AuditLogRow? firstKept = null;
            var older = 0;
            await foreach (var row in store.ReadAsync(current.FirstSequence, cancellationToken).ConfigureAwait(false))
            {
                if (row.RecordedAt >= cutoff)
                {
                    firstKept = row;
                    break;
                }

                older++;
            }

            if (older == 0)
            {
                return 0;
            }

            // Seal the new start before deleting: a crash in between leaves rows before the anchor, which verification skips and the next
            // retention run deletes, rather than a chain whose start nobody vouches for.
            var anchored = current with
            {
                FirstSequence = firstKept?.Sequence ?? current.LastSequence + 1,
                AnchorHash = firstKept?.PreviousHash ?? current.LastHash,
            };
            await WriteSealAsync(anchored, cancellationToken).ConfigureAwait(false);
            head = anchored;
            var deleted = await store.DeleteRecordedBeforeAsync(cutoff, cancellationToken).ConfigureAwait(false);
            Log.AuditRetentionApplied(logger, deleted, anchored.FirstSequence);

            await AppendLockedAsync(
                new AuditEntry
                {
                    Operation = AuditOperations.AuditRetention,
                    Actor = nameof(HashChainedAuditLog),
                    EntityType = "audit",
                    Outcome = AuditOutcome.Succeeded,
                    Details = new Dictionary<string, string>
                    {
                        ["deleted"] = deleted.ToString(System.Globalization.CultureInfo.InvariantCulture),
                        ["firstKept"] = anchored.FirstSequence.ToString(System.Globalization.CultureInfo.InvariantCulture),
                    },
                },
                cancellationToken).ConfigureAwait(false);
            return deleted;
        }
        finally
        {
            gate.Release();
        }
    }

    /// <summary>Writes every entry handed over so far, then stops the writer. Entries handed over later are refused.</summary>
    /// <returns>A task that completes when the writer has stopped.</returns>
    /// <remarks>A batch the store refuses now is not tried again: its entries are logged as lost (critical) and the wait ends, so a
    /// dead store cannot hang the host's shutdown.</remarks>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref disposed, 1) != 0)
        {
            return;
        }

        stopping = true;
        queue.Writer.TryComplete();
        Wake();
        await writer.ConfigureAwait(false);
        await flushTimer.DisposeAsync().ConfigureAwait(false);
        metrics.Dispose();
        gate.Dispose();

        // The wake-up semaphore is not disposed: a late Wake() from an appender that raced the shutdown must not throw, and a
        // SemaphoreSlim whose wait handle was never asked for holds nothing to release.
    }

    /// <summary>Writes every entry handed over so far, then stops the writer, blocking the caller; prefer <see cref="DisposeAsync"/>.</summary>
    public void Dispose() => DisposeAsync().AsTask().GetAwaiter().GetResult();

    private ValueTask QueueAsync(PendingAuditEntry pending, CancellationToken cancellationToken)
    {
        if (queue.Writer.TryWrite(pending))
        {
            Queued(pending);
            return ValueTask.CompletedTask;
        }

        return QueueSlowAsync(pending, cancellationToken);
    }

    private async ValueTask QueueSlowAsync(PendingAuditEntry pending, CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(stopping, this);

        // Full: the writer must be making room already; make sure it is awake, then wait (backpressure, never a drop).
        Wake();
        try
        {
            await queue.Writer.WriteAsync(pending, cancellationToken).ConfigureAwait(false);
        }
        catch (ChannelClosedException ex)
        {
            throw new ObjectDisposedException(nameof(HashChainedAuditLog), ex);
        }

        Queued(pending);
    }

    private void Queued(PendingAuditEntry pending)
    {
        if (pending.Entry is null)
        {
            return;
        }

        if (Interlocked.Increment(ref queued) >= maxBatchSize)
        {
            Wake();
        }
        else if (Volatile.Read(ref timerArmed) == 0 && Interlocked.CompareExchange(ref timerArmed, 1, 0) == 0)
        {
            // The first entry of a batch starts the interval within which it becomes durable.
            flushTimer.Change(flushInterval, Timeout.InfiniteTimeSpan);
        }
    }

    private void Wake()
    {
        if (Interlocked.Exchange(ref wakePending, 1) == 0)
        {
            wake.Release();
        }
    }

    private async Task RunWriterAsync()
    {
        var batch = new List<PendingAuditEntry>(maxBatchSize);
        var reader = queue.Reader;
        while (true)
        {
            await wake.WaitAsync().ConfigureAwait(false);
            Volatile.Write(ref wakePending, 0);
            while (true)
            {
                // Take everything waiting, a batch at a time: entries that arrive while a batch is written join the next one.
                while (batch.Count < maxBatchSize && reader.TryRead(out var item))
                {
                    batch.Add(item);
                }

                if (batch.Count == 0)
                {
                    break;
                }

                await WriteBatchAsync(batch).ConfigureAwait(false);
                batch.Clear();
            }

            // Disarm, then look again: an entry queued after the last read either saw the timer disarmed and armed it, or is seen here.
            Volatile.Write(ref timerArmed, 0);
            if (reader.Count > 0 && Interlocked.CompareExchange(ref timerArmed, 1, 0) == 0)
            {
                flushTimer.Change(flushInterval, Timeout.InfiniteTimeSpan);
            }

            if (stopping && reader.Completion.IsCompleted)
            {
                return;
            }
        }
    }

    /// <summary>Commits one batch: buffered entries are tried until the store takes them (or the log stops); an immediate appender gets
    /// the failure; flush markers complete once everything before them is durable.</summary>
    private async Task WriteBatchAsync(List<PendingAuditEntry> batch)
    {
        while (true)
        {
            var entries = new List<AuditEntry>(batch.Count);
            foreach (var item in batch)
            {
                if (item.Entry is { } entry)
                {
                    entries.Add(entry);
                }
            }

            var started = timeProvider.GetTimestamp();
            Exception? failure = null;
            AuditRecord[] records = [];
            try
            {
                if (entries.Count > 0)
                {
                    await gate.WaitAsync().ConfigureAwait(false);
                    try
                    {
                        records = await AppendLockedAsync(entries, CancellationToken.None).ConfigureAwait(false);
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
            }
#pragma warning disable CA1031 // The writer must outlive any failure of the store: the entries wait for the next attempt.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                failure = ex;
            }

            if (failure is null)
            {
                metrics.Flushed(entries.Count, timeProvider.GetElapsedTime(started));
                Interlocked.Add(ref queued, -entries.Count);
                var next = 0;
                foreach (var item in batch)
                {
                    if (item.Entry is not null)
                    {
                        item.Appended?.TrySetResult(records[next]);
                        next++;
                    }
                    else
                    {
                        item.Flushed!.TrySetResult();
                    }
                }

                return;
            }

            // Immediate appenders learn of the failure now, as they did when each append wrote on its own.
            var immediates = batch.FindAll(item => item.Appended is not null);
            batch.RemoveAll(item => item.Appended is not null);
            Interlocked.Add(ref queued, -immediates.Count);
            foreach (var item in immediates)
            {
                item.Appended!.TrySetException(failure);
            }

            var buffered = batch.Count(item => item.Entry is not null);
            if (buffered == 0)
            {
                // Only immediate entries failed, and their appenders know: no buffered entry before a flush marker is left unwritten.
                foreach (var item in batch)
                {
                    item.Flushed?.TrySetResult();
                }

                return;
            }

            if (stopping)
            {
                Log.AuditEntriesLost(logger, buffered, failure);
                Interlocked.Add(ref queued, -buffered);
                foreach (var item in batch)
                {
                    item.Flushed?.TrySetException(failure);
                }

                return;
            }

            Log.AuditBatchFailed(logger, buffered, flushInterval, failure);
            await Task.Delay(flushInterval, timeProvider).ConfigureAwait(false);
        }
    }

    private async ValueTask<AuditRecord> AppendLockedAsync(AuditEntry entry, CancellationToken cancellationToken) =>
        (await AppendLockedAsync([entry], cancellationToken).ConfigureAwait(false))[0];

    /// <summary>Chains the entries after the head and commits them with the seal that covers them, in one store call.</summary>
    private async ValueTask<AuditRecord[]> AppendLockedAsync(List<AuditEntry> entries, CancellationToken cancellationToken)
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
                var content = Serialize(entries[i], sequence, recordedAt);
                var row = new AuditLogRow(sequence, recordedAt, content, chain.LastHash, AuditChain.ComputeHash(chain.LastHash, content));
                rows[i] = row;
                records[i] = new AuditRecord(sequence, recordedAt, entries[i], row.Hash);
                chain = chain with { LastSequence = sequence, LastHash = row.Hash, LastRecordedAt = recordedAt };
            }

            try
            {
                await store.AppendBatchAsync(rows, AuditLogOptions.SealValueName, SealText(chain), cancellationToken).ConfigureAwait(false);
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

        if (!AuditChain.MacMatches(sealKey, seal))
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
            var seal = await ReadSealAsync(cancellationToken).ConfigureAwait(false);
            var after = await store.GetLastAsync(cancellationToken).ConfigureAwait(false);
            if (after?.Sequence == last?.Sequence || attempt >= maxAttempts)
            {
                return (seal, after);
            }

            last = after;
        }
    }

    private async ValueTask WriteSealAsync(ChainHead chain, CancellationToken cancellationToken) =>
        await store.SetValueAsync(AuditLogOptions.SealValueName, SealText(chain), cancellationToken).ConfigureAwait(false);

    private string SealText(ChainHead chain)
    {
        var seal = new AuditSeal
        {
            FirstSequence = chain.FirstSequence,
            AnchorHash = chain.AnchorHash,
            LastSequence = chain.LastSequence,
            LastHash = chain.LastHash,
            Count = Math.Max(0, chain.LastSequence - chain.FirstSequence + 1),
        };
        seal = seal with { Mac = AuditChain.ComputeSealMac(sealKey, seal) };
        return JsonSerializer.Serialize(seal, AuditJsonContext.Default.AuditSeal);
    }

    private async ValueTask<AuditSeal?> ReadSealAsync(CancellationToken cancellationToken)
    {
        var text = await store.GetValueAsync(AuditLogOptions.SealValueName, cancellationToken).ConfigureAwait(false);
        if (text is null)
        {
            return null;
        }

        try
        {
            return JsonSerializer.Deserialize(text, AuditJsonContext.Default.AuditSeal)
                ?? new AuditSeal { AnchorHash = string.Empty, LastHash = string.Empty };
        }
        catch (JsonException)
        {
            // An unreadable seal is a seal that does not verify.
            return new AuditSeal { AnchorHash = string.Empty, LastHash = string.Empty };
        }
    }

    private async ValueTask<AuditVerificationResult> VerifyCoreAsync(CancellationToken cancellationToken)
    {
        var seal = await ReadSealAsync(cancellationToken).ConfigureAwait(false);
        if (seal is null)
        {
            await foreach (var row in store.ReadAsync(0, cancellationToken).ConfigureAwait(false))
            {
                return Fail(AuditVerificationFailure.MissingSeal, row.Sequence, 0, "The log has entries but no seal.");
            }

            return new AuditVerificationResult(AuditVerificationFailure.None, null, 0, "The log is empty.");
        }

        if (!AuditChain.MacMatches(sealKey, seal))
        {
            return Fail(AuditVerificationFailure.InvalidSeal, Math.Max(1, seal.FirstSequence), 0,
                "The seal does not verify with the configured key: the chain was rewritten, or the key is wrong.");
        }

        var expected = seal.FirstSequence;
        var previousHash = seal.AnchorHash;
        long verified = 0;
        await foreach (var row in store.ReadAsync(0, cancellationToken).ConfigureAwait(false))
        {
            if (row.Sequence < seal.FirstSequence)
            {
                // Older than the retention anchor, left by a retention run that stopped before deleting: outside the sealed chain.
                continue;
            }

            if (row.Sequence > seal.LastSequence)
            {
                // The head may have moved on while this verification ran; a newer valid seal that covers the row settles it.
                var newer = await ReadSealAsync(cancellationToken).ConfigureAwait(false);
                if (newer is null || !AuditChain.MacMatches(sealKey, newer) || newer.FirstSequence != seal.FirstSequence
                    || newer.LastSequence < row.Sequence)
                {
                    return Fail(AuditVerificationFailure.Unsealed, row.Sequence, verified,
                        string.Concat("Entry ", Text(row.Sequence), " follows the sealed head (", Text(seal.LastSequence), ")."));
                }

                seal = newer;
            }

            if (row.Sequence != expected)
            {
                return Fail(AuditVerificationFailure.MissingEntry, expected, verified,
                    string.Concat("Entry ", Text(expected), " is missing (the next stored entry is ", Text(row.Sequence), ")."));
            }

            if (!AuditChain.HashesEqual(row.PreviousHash, previousHash))
            {
                return Fail(AuditVerificationFailure.BrokenLink, row.Sequence, verified,
                    string.Concat("Entry ", Text(row.Sequence), " does not link to the entry before it."));
            }

            if (!AuditChain.HashesEqual(AuditChain.ComputeHash(row.PreviousHash, row.Content), row.Hash))
            {
                return Fail(AuditVerificationFailure.HashMismatch, row.Sequence, verified,
                    string.Concat("Entry ", Text(row.Sequence), " does not match its hash: its content or hash was changed."));
            }

            AuditContent content;
            try
            {
                content = Parse(row.Content);
            }
            catch (JsonException)
            {
                return Fail(AuditVerificationFailure.Malformed, row.Sequence, verified, string.Concat("Entry ", Text(row.Sequence), " cannot be read."));
            }

            if (content.Sequence != row.Sequence || !InstantPattern.ExtendedIso.Parse(content.RecordedAt).TryGetValue(default, out var at)
                || at != row.RecordedAt)
            {
                return Fail(AuditVerificationFailure.Misplaced, row.Sequence, verified,
                    string.Concat("Entry ", Text(row.Sequence), " was written for another position or time."));
            }

            previousHash = row.Hash;
            expected++;
            verified++;
        }

        if (expected <= seal.LastSequence)
        {
            return Fail(AuditVerificationFailure.Truncated, expected, verified,
                string.Concat("Entries ", Text(expected), " to ", Text(seal.LastSequence), " are missing at the end of the chain."));
        }

        if (!AuditChain.HashesEqual(previousHash, seal.LastHash) || verified != seal.Count)
        {
            return Fail(AuditVerificationFailure.HeadMismatch, seal.FirstSequence, verified,
                "The chain's head or length does not match its seal: the chain was rewritten.");
        }

        return new AuditVerificationResult(AuditVerificationFailure.None, null, verified,
            string.Concat(Text(verified), " entries verified, from ", Text(seal.FirstSequence), " to ", Text(seal.LastSequence), "."));
    }

    private static AuditVerificationResult Fail(AuditVerificationFailure failure, long sequence, long verified, string message) =>
        new(failure, sequence, verified, message);

    private static string Text(long value) => value.ToString(System.Globalization.CultureInfo.InvariantCulture);

    private string Serialize(AuditEntry entry, long sequence, Instant recordedAt)
    {
        var details = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, value) in entry.Details)
        {
            // A safety net: details are free text, and a raw number or token must not become permanent, signed history.
            details[name] = value is null ? string.Empty : redactions.Redact(value);
        }

        var content = new AuditContent
        {
            Sequence = sequence,
            RecordedAt = InstantPattern.ExtendedIso.Format(recordedAt),
            Operation = entry.Operation,
            Actor = entry.Actor,
            Roles = [.. entry.Roles],
            EntityType = entry.EntityType,
            EntityId = entry.EntityId,
            Fields = [.. entry.Fields],
            Outcome = entry.Outcome,
            CorrelationId = entry.CorrelationId,
            Details = details,
        };
        return JsonSerializer.Serialize(content, AuditJsonContext.Default.AuditContent);
    }

    private static AuditContent Parse(string content) =>
        JsonSerializer.Deserialize(content, AuditJsonContext.Default.AuditContent) ?? throw new JsonException("The entry is empty.");

    private static AuditEntry ToEntry(AuditContent content) => new()
    {
        Operation = content.Operation,
        Actor = content.Actor,
        Roles = content.Roles,
        EntityType = content.EntityType,
        EntityId = content.EntityId,
        Fields = content.Fields,
        Outcome = content.Outcome,
        CorrelationId = content.CorrelationId,
        Details = content.Details,
    };

    private static ConnectorException ChainInvalid(string detail) =>
        new(new ConnectorError { Code = AuditErrorCodes.ChainInvalid, TechnicalDetail = detail });

    private sealed record ChainHead(long FirstSequence, string AnchorHash, long LastSequence, string LastHash, Instant LastRecordedAt);
}
