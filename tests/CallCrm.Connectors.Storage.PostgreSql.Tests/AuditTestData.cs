using CallCrm.Connectors.State;
using NodaTime;

namespace CallCrm.Connectors.Storage.PostgreSql.Tests;

/// <summary>Builders of audit rows; the other state records come from <see cref="StateStoreTestData"/>.</summary>
internal static class AuditTestData
{
    /// <summary>An audit row whose hash is a deterministic function of its predecessor, so a chain can be checked.</summary>
    public static AuditLogRow Audit(long sequence, string previousHash, string content = "{}") =>
        new(sequence, StateStoreTestData.T0 + Duration.FromSeconds(sequence), content, previousHash, Hash(previousHash, content, sequence));

    public static string Hash(string previousHash, string content, long sequence) =>
        Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes($"{previousHash}|{sequence}|{content}")));
}
