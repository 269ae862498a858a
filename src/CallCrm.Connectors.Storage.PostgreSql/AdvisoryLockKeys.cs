using System;
using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace CallCrm.Connectors.Storage.PostgreSql;

/// <summary>The 64-bit keys of the PostgreSQL advisory locks the store takes: migration, outbox claims per stream, the audit chain and
/// stream leases. Every instance computes the same key for the same purpose, schema and name; different schemas never share a key.</summary>
/// <remarks>The key is the first 8 bytes of a SHA-256 over the purpose, schema and name, so it is stable across processes and versions
/// (unlike .NET string hashes, which are randomized per process). Two names colliding would only make them wait for each other.</remarks>
internal static class AdvisoryLockKeys
{
    public static long Migration(string schema) => Compute("migration", schema, string.Empty);

    public static long OutboxClaims(string schema, string stream) => Compute("outbox", schema, stream);

    public static long AuditChain(string schema) => Compute("audit", schema, string.Empty);

    public static long StreamLease(string schema, string stream) => Compute("stream-lease", schema, stream);

    private static long Compute(string purpose, string schema, string name)
    {
        var text = "CallCrm.Connectors.Storage.PostgreSql/" + purpose + "/" + schema + "/" + name;
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(Encoding.UTF8.GetBytes(text), hash);
        return BinaryPrimitives.ReadInt64BigEndian(hash);
    }
}
