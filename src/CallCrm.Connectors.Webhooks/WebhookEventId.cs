using System;
using System.Security.Cryptography;
using System.Text;
using CallCrm.Connectors.Model;

namespace CallCrm.Connectors.Webhooks;

/// <summary>The event id of a tag push: derived from <see cref="CustomerTagUpdate.Key"/> alone, so every retry of an
/// update, from any process and after any restart, carries the same id and a receiver applies it once.</summary>
public static class WebhookEventId
{
    private const string Prefix = "ctu_";

    /// <summary>Gets the event id of <paramref name="update"/>: <c>ctu_</c> and 32 lower-case hex digits.</summary>
    /// <param name="update">The update.</param>
    /// <returns>The event id, for example <c>ctu_3f1c9a…</c>.</returns>
    /// <remarks>A hash rather than the key itself: a fixed-length, header-safe value that does not repeat the customer
    /// id in headers and logs.</remarks>
    public static string For(CustomerTagUpdate update)
    {
        ArgumentNullException.ThrowIfNull(update);
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(Encoding.UTF8.GetBytes(update.Key), hash);
        return string.Concat(Prefix, Convert.ToHexStringLower(hash[..16]));
    }
}
