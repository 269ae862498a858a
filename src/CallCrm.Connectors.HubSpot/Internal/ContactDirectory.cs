using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using CallCrm.Connectors.HubSpot.Api;
using CallCrm.Connectors.Normalization;

namespace CallCrm.Connectors.HubSpot.Internal;

/// <summary>
/// Finds the contacts behind E.164 numbers with as few searches as possible. With a <see cref="ContactIndex"/> (see
/// <see cref="HubSpotContactMatching"/>) a batch costs no search: candidates come from the index. Otherwise the numbers of a whole batch go into
/// <c>IN</c> filters over every phone property (in every written form, see <see cref="PhoneNumberWrittenForms"/>), each hit
/// is verified by normalizing its stored numbers, and answers are cached for <see cref="HubSpotOptions.ContactCacheDuration"/>
/// so that a run's repeat callers cost no search at all (the search API allows only a few requests per second).
/// </summary>
internal sealed class ContactDirectory
{
    // HubSpot caps IN lists; 100 values per filter keeps a request well inside the documented limits.
    internal const int MaxValuesPerFilter = 100;
    private const int PageSize = 200;

    private readonly HubSpotApiClient api;
    private readonly HubSpotOptions options;
    private readonly IPhoneNumberNormalizer normalizer;
    private readonly TimeProvider timeProvider;
    private readonly ContactIndex? index;
    private readonly Dictionary<string, (DateTimeOffset Expires, IReadOnlyList<HubSpotObjectDto> Contacts)> cache = new(StringComparer.Ordinal);
    private readonly HashSet<string> searchAgain = new(StringComparer.Ordinal);
    private readonly Lock gate = new();

    public ContactDirectory(HubSpotApiClient api, ContactChangeFeed feed, ContactIndex? index, HubSpotOptions options, IPhoneNumberNormalizer normalizer, TimeProvider timeProvider)
    {
        this.api = api;
        this.index = index;
        this.options = options;
        this.normalizer = normalizer;
        this.timeProvider = timeProvider;
        ContactProperties = feed.ContactProperties;
    }

    public IReadOnlyList<string> ContactProperties { get; }

    /// <summary>Makes the next lookup of <paramref name="e164"/> search HubSpot, whose answer then replaces what was known.</summary>
    public void Forget(string e164)
    {
        lock (gate)
        {
            cache.Remove(e164);
            searchAgain.Add(e164);
        }
    }

    /// <summary>Finds the contacts of each number; every number of <paramref name="numbers"/> gets an entry (maybe empty).</summary>
    public async Task<IReadOnlyDictionary<string, IReadOnlyList<HubSpotObjectDto>>> FindAsync(IEnumerable<string> numbers, bool useCache, CancellationToken cancellationToken)
    {
        var found = new Dictionary<string, IReadOnlyList<HubSpotObjectDto>>(StringComparer.Ordinal);
        var missing = new List<string>();
        var indexed = useCache && index is not null && await index.PrepareAsync(cancellationToken).ConfigureAwait(false);
        var now = timeProvider.GetUtcNow();
        lock (gate)
        {
            foreach (var number in numbers.Distinct(StringComparer.Ordinal))
            {
                if (searchAgain.Contains(number))
                {
                    missing.Add(number);
                }
                else if (indexed)
                {
                    found[number] = Verified(number, index!.Candidates(number));
                }
                else if (useCache && cache.TryGetValue(number, out var entry) && entry.Expires > now)
                {
                    found[number] = entry.Contacts;
                }
                else
                {
                    missing.Add(number);
                }
            }
        }

        foreach (var chunk in Chunk(missing))
        {
            var results = await SearchAsync(chunk, cancellationToken).ConfigureAwait(false);
            var expires = timeProvider.GetUtcNow() + options.ContactCacheDuration;
            lock (gate)
            {
                foreach (var (number, contacts) in results)
                {
                    found[number] = contacts;
                    cache[number] = (expires, contacts);
                    searchAgain.Remove(number);
                }
            }

            if (index is not null)
            {
                // The search is the truth for these numbers: indexed contacts it no longer finds for them are gone
                // (deleted, merged or renumbered since they were indexed).
                foreach (var (number, contacts) in results)
                {
                    index.Remove(Verified(number, index.Candidates(number)).Select(c => c.Id).Except(contacts.Select(c => c.Id), StringComparer.Ordinal));
                    index.Update(contacts);
                }
            }
        }

        return found;
    }

    /// <summary>The candidates whose stored numbers really are <paramref name="e164"/>.</summary>
    private List<HubSpotObjectDto> Verified(string e164, IReadOnlyList<HubSpotObjectDto> candidates)
    {
        var matches = new List<HubSpotObjectDto>();
        if (candidates.Count == 0)
        {
            return matches;
        }

        var regions = RegionsFor([e164]);
        foreach (var contact in candidates)
        {
            if (NumbersOf(contact, regions).Contains(e164))
            {
                matches.Add(contact);
            }
        }

        return matches;
    }

    // Regions in which numbers typed without a country code are read: the searched numbers' own, and the default.
    private List<string> RegionsFor(IEnumerable<string> numbers) =>
        numbers.Select(PhoneNumberWrittenForms.RegionOf).Append(options.DefaultRegion)
            .Where(r => r is not null).Select(r => r!).Distinct(StringComparer.Ordinal).ToList();

    // Numbers whose forms together fit one IN list per phone property.
    private static IEnumerable<List<(string Number, IReadOnlyList<string> Forms)>> Chunk(List<string> numbers)
    {
        var chunk = new List<(string, IReadOnlyList<string>)>();
        var values = 0;
        foreach (var number in numbers)
        {
            var forms = PhoneNumberWrittenForms.For(number);
            if (chunk.Count > 0 && values + forms.Count > MaxValuesPerFilter)
            {
                yield return chunk;
                chunk = [];
                values = 0;
            }

            chunk.Add((number, forms.Take(MaxValuesPerFilter).ToList()));
            values += Math.Min(forms.Count, MaxValuesPerFilter);
        }

        if (chunk.Count > 0)
        {
            yield return chunk;
        }
    }

    private async Task<Dictionary<string, IReadOnlyList<HubSpotObjectDto>>> SearchAsync(List<(string Number, IReadOnlyList<string> Forms)> chunk, CancellationToken cancellationToken)
    {
        var values = chunk.SelectMany(c => c.Forms).Distinct(StringComparer.Ordinal).ToList();
        var request = new SearchRequestDto
        {
            FilterGroups = options.PhoneProperties
                .Select(property => new FilterGroupDto { Filters = [new FilterDto { PropertyName = property, Operator = "IN", Values = values }] })
                .ToList(),
            Sorts = [new SortDto { PropertyName = "hs_object_id", Direction = "ASCENDING" }],
            Properties = [.. ContactProperties],
            Limit = PageSize,
        };

        var hits = new List<HubSpotObjectDto>();
        while (true)
        {
            var page = await api.SearchAsync("contacts", request, cancellationToken).ConfigureAwait(false);
            hits.AddRange(page.Results);
            if (page.Paging?.Next?.After is not { Length: > 0 } after || hits.Count + PageSize > 10_000)
            {
                break;
            }

            request.After = after;
        }

        var regions = RegionsFor(chunk.Select(c => c.Number));
        var byNumber = chunk.ToDictionary(c => c.Number, _ => new List<HubSpotObjectDto>(), StringComparer.Ordinal);
        foreach (var contact in hits)
        {
            foreach (var e164 in NumbersOf(contact, regions))
            {
                if (byNumber.TryGetValue(e164, out var list) && !list.Any(c => c.Id == contact.Id))
                {
                    list.Add(contact);
                }
            }
        }

        return byNumber.ToDictionary(p => p.Key, p => (IReadOnlyList<HubSpotObjectDto>)p.Value, StringComparer.Ordinal);
    }

    /// <summary>The E.164 forms of a contact's stored numbers, read in each candidate region.</summary>
    public HashSet<string> NumbersOf(HubSpotObjectDto contact, IReadOnlyList<string> regions)
    {
        var numbers = new HashSet<string>(StringComparer.Ordinal);
        foreach (var property in options.PhoneProperties)
        {
            if (contact.Property(property) is not { Length: > 0 } raw)
            {
                continue;
            }

            foreach (var region in regions)
            {
                if (normalizer.Normalize(raw, region) is { E164: { } e164 })
                {
                    numbers.Add(e164);
                }
            }
        }

        return numbers;
    }
}
