using System;
using CallCrm.Connectors.Security.Redaction;

namespace CallCrm.Connectors.Security.Audit;

/// <summary>Configures the audit log. Bind from configuration (section <c>CallCrm:Security:Audit</c> by convention); keep
/// <see cref="SealingKey"/> in a secret store, never in the state store.</summary>
public sealed class AuditLogOptions
{
    /// <summary>The name under which the seal is kept in <see cref="State.IAuditLogStore"/>.</summary>
    public const string SealValueName = "audit.seal";

    /// <summary>Gets or sets the key the chain's head is sealed with (HMAC-SHA256). Whoever holds it can rewrite the log undetectably:
    /// keep it outside the state store and away from the database's administrators.</summary>
    /// <value>The default value is <see langword="null"/>; validation at start requires at least 32 characters.</value>
    public Secret? SealingKey { get; set; }

    /// <summary>Gets or sets the key phone numbers and other identifiers are pseudonymized with in audit details.</summary>
    /// <value>The default value is <see langword="null"/>: a key derived from <see cref="SealingKey"/>. Set it to keep pseudonyms stable
    /// when the sealing key is rotated.</value>
    public Secret? PseudonymizationKey { get; set; }

    /// <summary>Gets or sets how long entries are kept; <see cref="IAuditLog.ApplyRetentionAsync"/> deletes older ones.</summary>
    /// <value>The default value is <see langword="null"/>: entries are kept for ever.</value>
    public TimeSpan? Retention { get; set; }

    /// <summary>Gets or sets how many times an append is tried when another instance appended the same sequence first.</summary>
    /// <value>The default value is 5.</value>
    public int MaxAppendAttempts { get; set; } = 5;

    /// <summary>Gets or sets how long an entry appended with <see cref="AuditDurability.Buffered"/> waits at most in memory before the
    /// group commit that makes it durable.</summary>
    /// <value>The default value is 100 milliseconds.</value>
    public TimeSpan FlushInterval { get; set; } = TimeSpan.FromMilliseconds(100);

    /// <summary>Gets or sets how many entries one group commit (one transaction, one seal) writes at most; as soon as that many wait, they
    /// are written without waiting for <see cref="FlushInterval"/>.</summary>
    /// <value>The default value is 512.</value>
    public int MaxBatchSize { get; set; } = 512;

    /// <summary>Gets or sets how many entries may wait to be written. When that many wait, <see cref="IAuditLog.EnqueueAsync"/> waits
    /// for room (backpressure): entries are never dropped.</summary>
    /// <value>The default value is 4,096.</value>
    public int BufferCapacity { get; set; } = 4096;
}
