using System;
using System.Buffers;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace CallCrm.Connectors.Security.Webhooks;

/// <summary>The generic scheme's arithmetic, shared by the signer and the validator.</summary>
internal static class HmacWebhookSignature
{
    public const string Version = "v1";

    /// <summary>Computes HMAC-SHA256 over <c>"{timestamp}.{body}"</c>.</summary>
    public static byte[] Compute(ReadOnlySpan<byte> key, long timestamp, ReadOnlySpan<byte> body)
    {
        var prefix = string.Concat(timestamp.ToString(CultureInfo.InvariantCulture), ".");
        var length = Encoding.ASCII.GetByteCount(prefix) + body.Length;
        var buffer = ArrayPool<byte>.Shared.Rent(length);
        try
        {
            var written = Encoding.ASCII.GetBytes(prefix, buffer);
            body.CopyTo(buffer.AsSpan(written));
            return HMACSHA256.HashData(key, buffer.AsSpan(0, length));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer, clearArray: true);
        }
    }

    public static string Format(long timestamp, ReadOnlySpan<byte> mac) =>
        string.Concat("t=", timestamp.ToString(CultureInfo.InvariantCulture), ",", Version, "=", Convert.ToHexStringLower(mac));
}
