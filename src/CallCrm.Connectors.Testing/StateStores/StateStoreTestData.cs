using CallCrm.Connectors.Model;
using CallCrm.Connectors.State;
using NodaTime;

namespace CallCrm.Connectors.Testing.StateStores;

/// <summary>Builders of state records with plausible values, for the state-store conformance tests and a store's own tests.</summary>
public static class StateStoreTestData
{
    /// <summary>The time every record is stamped with unless told otherwise.</summary>
    public static readonly Instant T0 = Instant.FromUtc(2026, 11, 23, 14, 5);

    /// <summary>Builds a delivery-ledger entry recorded at <see cref="T0"/>.</summary>
    /// <param name="key">The record's key.</param>
    /// <param name="stream">The stream.</param>
    /// <param name="hash">The content hash.</param>
    /// <param name="status">The delivery status.</param>
    /// <param name="targetId">The record's identifier in the target.</param>
    /// <returns>The entry.</returns>
    public static LedgerEntry Ledger(string key, string stream = "calls", string hash = "h1", DeliveryStatus status = DeliveryStatus.Delivered, string? targetId = null) =>
        new(stream, key, hash, status, targetId, T0);

    /// <summary>Builds an outbox message of kind <c>call-record</c>.</summary>
    /// <param name="key">The record's key.</param>
    /// <param name="stream">The stream.</param>
    /// <param name="partition">The partition key.</param>
    /// <param name="payload">The payload; <c>1, 2, 3</c> when <see langword="null"/>.</param>
    /// <param name="enqueuedAt">The enqueue time; <see cref="T0"/> when <see langword="null"/>.</param>
    /// <returns>The message.</returns>
    public static OutboxMessage Outbox(string key, string stream = "calls", string partition = "p1", byte[]? payload = null, Instant? enqueuedAt = null) =>
        new(stream, key, partition, "call-record", payload ?? [1, 2, 3], enqueuedAt ?? T0);

    /// <summary>Builds a dead letter of kind <c>call-record</c> with the payload <c>9, 8, 7</c>, failed after three attempts.</summary>
    /// <param name="key">The record's key.</param>
    /// <param name="stream">The stream.</param>
    /// <param name="errorCode">The error code.</param>
    /// <param name="failedAt">The failure time; <see cref="T0"/> when <see langword="null"/>.</param>
    /// <returns>The dead letter.</returns>
    public static DeadLetterMessage DeadLetter(string key, string stream = "calls", string errorCode = "INVALID_RECORD", Instant? failedAt = null) =>
        new(stream, key, errorCode, "missing field", "call-record", new byte[] { 9, 8, 7 }, failedAt ?? T0, 3);

    /// <summary>Builds a tag version synchronized from <c>hubspot</c> at <see cref="T0"/>, replacing the tag <c>language=zh-CN</c>.</summary>
    /// <param name="customerId">The customer.</param>
    /// <param name="version">The version number.</param>
    /// <param name="runId">The run that wrote it.</param>
    /// <param name="target">The target system.</param>
    /// <param name="tags">The tags; <c>vip</c> when none are given.</param>
    /// <returns>The tag version.</returns>
    public static TagVersion Tags(string customerId, long version, string runId = "run-1", string target = "genesys", params CustomerTag[] tags) =>
        new(target, customerId, version, tags.Length == 0 ? [new CustomerTag("vip")] : tags, [new CustomerTag("language", "zh-CN")], T0, "hubspot", runId, TagChangeKind.Sync);
}
