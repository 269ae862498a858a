using System;
using System.Buffers;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.Linq;
using System.Security.Cryptography;
using System.Text;
using CallCrm.Connectors.Model;
using NodaTime;

namespace CallCrm.Connectors.Sync.Internal;

/// <summary>Stable content hashes: SHA-256 over a deterministic, length-prefixed walk of the fields, truncated to 128 bits.</summary>
/// <remarks>
/// The hash must be the same in every process and every version of .NET, so it never uses <see cref="object.GetHashCode"/>.
/// Each field is written with a tag and a length so that moving a character from one field to the next changes the hash.
/// 128 bits are far more than enough to tell a changed record from an unchanged one, and halve the ledger's index size.
/// </remarks>
internal static class ContentHasher
{
    public static string Hash(CallRecord record)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        WriteString(buffer, record.SourceSystem);
        WriteString(buffer, record.SourceId);
        WriteInt64(buffer, (long)record.Direction);
        WritePhone(buffer, record.From);
        WritePhone(buffer, record.To);
        WriteString(buffer, record.Agent);
        WriteString(buffer, record.Queue);
        WriteInstant(buffer, record.StartedAt);
        WriteInstant(buffer, record.AnsweredAt);
        WriteInstant(buffer, record.EndedAt);
        WriteInt64(buffer, record.Duration is { } d ? d.BclCompatibleTicks : long.MinValue);
        WriteInt64(buffer, (long)record.Status);
        WriteString(buffer, record.Disposition);
        WriteString(buffer, record.RecordingUrl?.OriginalString);
        WriteString(buffer, record.CustomerReference);
        WriteString(buffer, record.ParentSourceId);
        WriteInt64(buffer, record.IsFinal ? 1 : 0);

        // UpdatedAt is deliberately left out: a source touching a record without changing it is not a change.
        WriteInt64(buffer, record.CustomFields.Count);
        foreach (var pair in record.CustomFields.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            WriteString(buffer, pair.Key);
            WriteString(buffer, pair.Value);
        }

        return Finish(buffer);
    }

    public static string Hash(IReadOnlyList<CustomerTag> tags)
    {
        var buffer = new ArrayBufferWriter<byte>(64);
        var ordered = TagSet.Normalize(tags);
        WriteInt64(buffer, ordered.Count);
        foreach (var tag in ordered)
        {
            WriteString(buffer, tag.Name.ToUpperInvariant());
            WriteString(buffer, tag.Value);
        }

        return Finish(buffer);
    }

    private static string Finish(ArrayBufferWriter<byte> buffer)
    {
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(buffer.WrittenSpan, hash);
        return Convert.ToHexStringLower(hash[..16]);
    }

    private static void WritePhone(ArrayBufferWriter<byte> buffer, PhoneNumber number)
    {
        WriteString(buffer, number.Raw);
        WriteString(buffer, number.E164);
        WriteString(buffer, number.Extension);
    }

    private static void WriteInstant(ArrayBufferWriter<byte> buffer, Instant? instant) =>
        WriteInt64(buffer, instant is { } i ? i.ToUnixTimeTicks() : long.MinValue);

    private static void WriteInt64(ArrayBufferWriter<byte> buffer, long value)
    {
        BinaryPrimitives.WriteInt64LittleEndian(buffer.GetSpan(8), value);
        buffer.Advance(8);
    }

    private static void WriteString(ArrayBufferWriter<byte> buffer, string? value)
    {
        if (value is null)
        {
            WriteInt64(buffer, -1);
            return;
        }

        var length = Encoding.UTF8.GetByteCount(value);
        WriteInt64(buffer, length);
        var written = Encoding.UTF8.GetBytes(value, buffer.GetSpan(length));
        buffer.Advance(written);
    }
}
