using System;
using System.Collections.Generic;
using System.Diagnostics.Metrics;
using System.Runtime.CompilerServices;
using System.Security.Claims;
using System.Threading;
using System.Threading.Tasks;
using CallCrm.Connectors.Errors;
using CallCrm.Connectors.Security.Access;
using CallCrm.Connectors.State;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

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
/// <para>This class is the façade; the work is done by its collaborators: the write queue and its writer (<c>AuditGroupCommitter</c>),
/// the chain's head and appends (<c>AuditChainAppender</c>), the verification (<c>AuditVerifier</c>) and retention (<c>AuditRetention</c>).</para>
/// </remarks>
public sealed class HashChainedAuditLog : IAuditLog, IAsyncDisposable, IDisposable
{
    private readonly IAuditLogStore store;
    private readonly ICustomerDataAccessPolicy policy;
    private readonly ILogger logger;
    private readonly TimeSpan? retention;
    private readonly AuditChainAppender chain;
    private readonly AuditVerifier verifier;
    private readonly AuditRetention retainer;
    private readonly AuditGroupCommitter committer;
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
        this.logger = logger ?? (ILogger)NullLogger.Instance;
        var seals = new AuditSealStore(store, AuditChain.DeriveKey(key.RevealUtf8(), "CallCrm.Connectors.Audit.Seal.v1"));
        retention = value.Retention;
        chain = new AuditChainAppender(store, seals, timeProvider, this.logger, value.MaxAppendAttempts);
        verifier = new AuditVerifier(store, seals);
        retainer = new AuditRetention(store, chain, verifier, timeProvider, this.logger);
        committer = new AuditGroupCommitter(this, chain, value, timeProvider, this.logger, meterFactory);
    }

    /// <summary>Gets how many entries were handed to the log and are not durable yet.</summary>
    public long PendingCount => committer.PendingCount;

    /// <inheritdoc />
    /// <remarks>Entries buffered before this one are committed with it, in order, in the same transaction.</remarks>
    public async ValueTask<AuditRecord> AppendAsync(AuditEntry entry, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(entry);
        var pending = PendingAuditEntry.Immediate(entry);
        await committer.QueueAsync(pending, cancellationToken).ConfigureAwait(false);
        committer.Wake();

        // Once queued the entry will be written: cancelling stops the wait, not the write.
        return await pending.Appended!.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public ValueTask EnqueueAsync(AuditEntry entry, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(entry);
        return committer.QueueAsync(PendingAuditEntry.Buffered(entry), cancellationToken);
    }

    /// <inheritdoc />
    public async ValueTask FlushAsync(CancellationToken cancellationToken = default)
    {
        var marker = PendingAuditEntry.FlushMarker();
        await committer.QueueAsync(marker, cancellationToken).ConfigureAwait(false);
        committer.Wake();
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
            yield return new AuditRecord(row.Sequence, row.RecordedAt, AuditContentCodec.ToEntry(AuditContentCodec.Parse(row.Content)), row.Hash);
        }
    }

    /// <inheritdoc />
    public async ValueTask<AuditVerificationResult> VerifyAsync(CancellationToken cancellationToken = default)
    {
        var result = await verifier.VerifyAsync(cancellationToken).ConfigureAwait(false);
        if (!result.IsValid)
        {
            Log.AuditVerificationFailed(logger, result.Failure, result.FirstBadSequence ?? 0);
        }

        return result;
    }

    /// <inheritdoc />
    public async ValueTask<int> ApplyRetentionAsync(CancellationToken cancellationToken = default) =>
        retention is { } keep ? await retainer.ApplyAsync(keep, cancellationToken).ConfigureAwait(false) : 0;

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

        await committer.DisposeAsync().ConfigureAwait(false);
        chain.Dispose();
    }

    /// <summary>Writes every entry handed over so far, then stops the writer, blocking the caller; prefer <see cref="DisposeAsync"/>.</summary>
    public void Dispose() => DisposeAsync().AsTask().GetAwaiter().GetResult();
}
