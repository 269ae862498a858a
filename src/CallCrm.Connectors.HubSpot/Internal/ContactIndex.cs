using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using CallCrm.Connectors.Checkpoints;
using CallCrm.Connectors.HubSpot.Api;
using Microsoft.Extensions.Logging;

namespace CallCrm.Connectors.HubSpot.Internal;

/// <summary>
/// An in-memory index of the account's contacts by the last digits of their phone numbers, loaded through the contact
/// change feed and kept current by reading the changes since its last position (see
/// <see cref="HubSpotContactMatching.LocalIndex"/>). It only narrows the candidates: whoever asks verifies each
/// candidate by normalizing its stored numbers, exactly as after a search, so a shared tail never makes a false match.
/// </summary>
internal sealed class ContactIndex : IDisposable
{
    // Seven digits: a subscriber number's tail, the same whatever prefix, trunk code or formatting it was typed with.
    private const int KeyDigits = 7;

    private readonly ContactChangeFeed feed;
    private readonly HubSpotOptions options;
    private readonly TimeProvider timeProvider;
    private readonly ILogger logger;
    private readonly SemaphoreSlim refreshGate = new(1, 1);
    private readonly Lock gate = new();
    private Dictionary<string, (HubSpotObjectDto Contact, List<string> Keys)> contacts = new(StringComparer.Ordinal);
    private Dictionary<string, List<string>> byKey = new(StringComparer.Ordinal);
    private WatermarkCheckpoint position = WatermarkCheckpoint.Start;
    private DateTimeOffset? loadedAt;
    private DateTimeOffset refreshedAt;
    private DateTimeOffset? tooLargeAt;

    public ContactIndex(ContactChangeFeed feed, HubSpotOptions options, TimeProvider timeProvider, ILogger logger)
    {
        this.feed = feed;
        this.options = options;
        this.timeProvider = timeProvider;
        this.logger = logger;
    }

    public void Dispose() => refreshGate.Dispose();

    /// <summary>Gets the number of contacts indexed.</summary>
    public int Count
    {
        get
        {
            lock (gate)
            {
                return contacts.Count;
            }
        }
    }

    /// <summary>The key of a number: the last digits of whatever digits it was typed with.</summary>
    public static string? KeyOf(string? number)
    {
        if (string.IsNullOrEmpty(number))
        {
            return null;
        }

        // An extension ("x12", "ext. 12", "#12", ";ext=12") follows the number: the key is the digits before it.
        var end = number.Length;
        var seenDigit = false;
        for (var i = 0; i < number.Length; i++)
        {
            var c = number[i];
            if (char.IsAsciiDigit(c))
            {
                seenDigit = true;
            }
            else if (seenDigit && (char.IsAsciiLetter(c) || c is '#' or ';' or ','))
            {
                end = i;
                break;
            }
        }

        Span<char> digits = stackalloc char[KeyDigits];
        var count = 0;
        for (var i = end - 1; i >= 0 && count < KeyDigits; i--)
        {
            if (char.IsAsciiDigit(number[i]))
            {
                digits[KeyDigits - 1 - count] = number[i];
                count++;
            }
        }

        return count < 3 ? null : new string(digits[(KeyDigits - count)..]);
    }

    /// <summary>
    /// Loads or refreshes the index as its intervals say. Returns <see langword="false"/> when the account is too large
    /// to index under <see cref="HubSpotContactMatching.Auto"/> (checked again at each reload interval).
    /// </summary>
    public async ValueTask<bool> PrepareAsync(CancellationToken cancellationToken)
    {
        var now = timeProvider.GetUtcNow();
        if (tooLargeAt is { } refused && now - refused < options.LocalIndexReloadInterval)
        {
            return false;
        }

        if (loadedAt is { } loaded && now - loaded < options.LocalIndexReloadInterval && now - refreshedAt < options.LocalIndexRefreshInterval)
        {
            return true;
        }

        await refreshGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            // Another batch may have refreshed while this one waited.
            now = timeProvider.GetUtcNow();
            if (loadedAt is null || now - loadedAt.Value >= options.LocalIndexReloadInterval)
            {
                return await LoadAsync(now, cancellationToken).ConfigureAwait(false);
            }

            if (now - refreshedAt >= options.LocalIndexRefreshInterval)
            {
                await RefreshAsync(now, cancellationToken).ConfigureAwait(false);
            }

            return true;
        }
        finally
        {
            refreshGate.Release();
        }
    }

    /// <summary>The indexed contacts with a number ending like <paramref name="e164"/>'s (candidates, not matches).</summary>
    public IReadOnlyList<HubSpotObjectDto> Candidates(string e164)
    {
        if (KeyOf(e164) is not { } key)
        {
            return [];
        }

        lock (gate)
        {
            if (!byKey.TryGetValue(key, out var ids))
            {
                return [];
            }

            var found = new List<HubSpotObjectDto>(ids.Count);
            foreach (var id in ids)
            {
                found.Add(contacts[id].Contact);
            }

            return found;
        }
    }

    /// <summary>Replaces what the index knows of these contacts with what a search just returned for a number.</summary>
    public void Update(IEnumerable<HubSpotObjectDto> found)
    {
        lock (gate)
        {
            foreach (var contact in found)
            {
                Put(contacts, byKey, contact);
            }
        }
    }

    /// <summary>Drops contacts HubSpot refused to associate with (deleted or merged since they were indexed).</summary>
    public void Remove(IEnumerable<string> contactIds)
    {
        lock (gate)
        {
            foreach (var id in contactIds)
            {
                Drop(contacts, byKey, id);
            }
        }
    }

    private async Task<bool> LoadAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        var fresh = new Dictionary<string, (HubSpotObjectDto, List<string>)>(StringComparer.Ordinal);
        var freshKeys = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        var last = WatermarkCheckpoint.Start;
        var total = 0;
        using var tooLarge = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        try
        {
            await foreach (var change in feed.ReadAsync(WatermarkCheckpoint.Start, until: null, options.CustomerPageSize, t => Check(t), tooLarge.Token).ConfigureAwait(false))
            {
                Put(fresh, freshKeys, change.Contact);
                last = change.Position;
            }
        }
        catch (OperationCanceledException) when (tooLarge.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            tooLargeAt = now;
            Log.ContactIndexTooLarge(logger, total, options.LocalIndexMaxContacts);
            return false;
        }

        lock (gate)
        {
            contacts = fresh;
            byKey = freshKeys;
        }

        position = last;
        loadedAt = now;
        refreshedAt = now;
        tooLargeAt = null;
        Log.ContactIndexLoaded(logger, fresh.Count);
        return true;

        void Check(int matching)
        {
            total = matching;
            if (options.ContactMatching == HubSpotContactMatching.Auto && matching > options.LocalIndexMaxContacts)
            {
                tooLarge.Cancel();
            }
        }
    }

    private async Task RefreshAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        var changed = new List<HubSpotObjectDto>();
        var last = position;
        await foreach (var change in feed.ReadAsync(position, until: null, options.CustomerPageSize, onTotal: null, cancellationToken).ConfigureAwait(false))
        {
            changed.Add(change.Contact);
            last = change.Position;
        }

        Update(changed);
        position = last;
        refreshedAt = now;
    }

    private void Put(Dictionary<string, (HubSpotObjectDto Contact, List<string> Keys)> contacts, Dictionary<string, List<string>> byKey, HubSpotObjectDto contact)
    {
        Drop(contacts, byKey, contact.Id);
        var keys = new List<string>(options.PhoneProperties.Count);
        foreach (var property in options.PhoneProperties)
        {
            if (KeyOf(contact.Property(property)) is { } key && !keys.Contains(key))
            {
                keys.Add(key);
                if (!byKey.TryGetValue(key, out var ids))
                {
                    ids = new List<string>(1);
                    byKey[key] = ids;
                }

                ids.Add(contact.Id);
            }
        }

        contacts[contact.Id] = (contact, keys);
    }

    private static void Drop(Dictionary<string, (HubSpotObjectDto Contact, List<string> Keys)> contacts, Dictionary<string, List<string>> byKey, string id)
    {
        if (!contacts.Remove(id, out var old))
        {
            return;
        }

        foreach (var key in old.Keys)
        {
            if (byKey.TryGetValue(key, out var ids))
            {
                ids.Remove(id);
                if (ids.Count == 0)
                {
                    byKey.Remove(key);
                }
            }
        }
    }
}
