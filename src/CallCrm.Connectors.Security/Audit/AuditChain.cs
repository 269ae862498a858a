using System;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace CallCrm.Connectors.Security.Audit;

/// <summary>The chain's arithmetic: entry hashes and the seal's MAC.</summary>
internal static class AuditChain
{
    /// <summary>The previous hash of the very first entry.</summary>
    public static readonly string GenesisHash = new('0', 64);

    /// <summary>SHA-256 over the previous hash and the content. The previous hash has a fixed length, so the concatenation is unambiguous.</summary>
    public static string ComputeHash(string previousHash, string content)
    {
        var data = Encoding.UTF8.GetBytes(string.Concat(previousHash, "\n", content));
        return Convert.ToHexStringLower(SHA256.HashData(data));
    }

    public static string ComputeSealMac(byte[] key, AuditSeal seal)
    {
        var data = string.Join(
            '|',
            "callcrm-audit-seal",
            seal.Version.ToString(CultureInfo.InvariantCulture),
            seal.FirstSequence.ToString(CultureInfo.InvariantCulture),
            seal.AnchorHash,
            seal.LastSequence.ToString(CultureInfo.InvariantCulture),
            seal.LastHash,
            seal.Count.ToString(CultureInfo.InvariantCulture));
        return Convert.ToHexStringLower(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(data)));
    }

    public static bool MacMatches(byte[] key, AuditSeal seal)
    {
        var expected = Encoding.ASCII.GetBytes(ComputeSealMac(key, seal));
        var actual = Encoding.ASCII.GetBytes(seal.Mac ?? string.Empty);
        return CryptographicOperations.FixedTimeEquals(expected, actual);
    }

    public static bool HashesEqual(string a, string b) =>
        CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(a), Encoding.ASCII.GetBytes(b));

    public static byte[] DeriveKey(byte[] secret, string purpose) =>
        HKDF.DeriveKey(HashAlgorithmName.SHA256, secret, 32, salt: null, info: Encoding.UTF8.GetBytes(purpose));
}
