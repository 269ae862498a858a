using System;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace CallCrm.Connectors.VendorSimulator.CallSystem;

/// <summary>
/// The tag webhook's signature: <c>X-CallCrm-Signature: t=&lt;unix seconds&gt;,v1=&lt;hex HMAC-SHA256 of "{t}.{body}"&gt;</c>
/// with the shared secret. Several <c>v1</c> entries are allowed (secret rotation); any match is enough.
/// </summary>
public static class WebhookSignature
{
    /// <summary>The header carrying the signature.</summary>
    public const string HeaderName = "X-CallCrm-Signature";

    /// <summary>The header carrying the event id that makes deliveries idempotent.</summary>
    public const string EventIdHeaderName = "X-CallCrm-Event-Id";

    /// <summary>Computes the header value for <paramref name="body"/> signed at <paramref name="timestamp"/>.</summary>
    /// <param name="secret">The shared secret.</param>
    /// <param name="timestamp">The signing time.</param>
    /// <param name="body">The exact request body bytes.</param>
    /// <returns>The header value, <c>t=...,v1=...</c>.</returns>
    public static string Create(string secret, DateTimeOffset timestamp, ReadOnlySpan<byte> body)
    {
        var t = timestamp.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        return $"t={t},v1={Compute(secret, t, body)}";
    }

    /// <summary>Checks a header value against the body, the secret and the clock.</summary>
    internal static SignatureCheck Verify(string? header, string secret, ReadOnlySpan<byte> body, DateTimeOffset now, TimeSpan tolerance)
    {
        if (string.IsNullOrEmpty(header))
        {
            return SignatureCheck.Missing;
        }

        string? t = null;
        var candidates = new System.Collections.Generic.List<string>();
        foreach (var part in header.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            if (part.StartsWith("t=", StringComparison.Ordinal))
            {
                t = part[2..];
            }
            else if (part.StartsWith("v1=", StringComparison.Ordinal))
            {
                candidates.Add(part[3..]);
            }
        }

        if (t is null || candidates.Count == 0 || !long.TryParse(t, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds))
        {
            return SignatureCheck.Malformed;
        }

        var expected = Encoding.ASCII.GetBytes(Compute(secret, t, body));
        var matched = false;
        foreach (var candidate in candidates)
        {
            matched |= CryptographicOperations.FixedTimeEquals(expected, Encoding.ASCII.GetBytes(candidate.ToLowerInvariant()));
        }

        if (!matched)
        {
            return SignatureCheck.Mismatch;
        }

        var age = now - DateTimeOffset.FromUnixTimeSeconds(seconds);
        return age.Duration() > tolerance ? SignatureCheck.Stale : SignatureCheck.Valid;
    }

    private static string Compute(string secret, string t, ReadOnlySpan<byte> body)
    {
        var prefix = Encoding.UTF8.GetBytes(t + ".");
        var payload = new byte[prefix.Length + body.Length];
        prefix.CopyTo(payload, 0);
        body.CopyTo(payload.AsSpan(prefix.Length));
        return Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), payload));
    }
}

/// <summary>The outcome of a signature check.</summary>
internal enum SignatureCheck
{
    Valid,
    Missing,
    Malformed,
    Mismatch,
    Stale,
}
