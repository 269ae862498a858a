using CallCrm.Connectors.Model;
using CallCrm.Connectors.State;
using NodaTime;

namespace CallCrm.Connectors.Storage.PostgreSql.Tests;

/// <summary>Builders of state records with plausible values.</summary>
internal static class TestData
{
    public static readonly Instant T0 = Instant.FromUtc(2026, 11, 23, 14, 5);

    public static LedgerEntry Ledger(string key, string stream = "calls", string hash = "h1", DeliveryStatus status = DeliveryStatus.Delivered, string? targetId = null) =>
        new(stream, key, hash, status, targetId, T0);

    public static OutboxMessage Outbox(string key, string stream = "calls", string partition = "p1", byte[]? payload = null, Instant? enqueuedAt = null) =>
        new(stream, key, partition, "call-record", payload ?? [1, 2, 3], enqueuedAt ?? T0);

    public static DeadLetterMessage DeadLetter(string key, string stream = "calls", string errorCode = "INVALID_RECORD", Instant? failedAt = null) =>
        new(stream, key, errorCode, "missing field", "call-record", new byte[] { 9, 8, 7 }, failedAt ?? T0, 3);

    public static TagVersion Tags(string customerId, long version, string runId = "run-1", string target = "genesys", params CustomerTag[] tags) =>
        new(target, customerId, version, tags.Length == 0 ? [new CustomerTag("vip")] : tags, [new CustomerTag("language", "zh-CN")], T0, "hubspot", runId, TagChangeKind.Sync);

    /// <summary>An audit row whose hash is a deterministic function of its predecessor, so a chain can be checked.</summary>
    public static AuditLogRow Audit(long sequence, string previousHash, string content = "{}") =>
        new(sequence, T0 + Duration.FromSeconds(sequence), content, previousHash, Hash(previousHash, content, sequence));

    public static string Hash(string previousHash, string content, long sequence) =>
        Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes($"{previousHash}|{sequence}|{content}")));
}
