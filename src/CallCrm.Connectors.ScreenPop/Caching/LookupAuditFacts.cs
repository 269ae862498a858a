using System.Collections.Generic;
using System.Globalization;
using CallCrm.Connectors.Security.Access;

namespace CallCrm.Connectors.ScreenPop.Caching;

/// <summary>What a lookup's audit entry says about the data read: the customer (or customers), the views read and the details. The same
/// for every lookup of one cached card by one set of roles served the same way, so it is built once and shared by their entries (which
/// keeps what waits in the audit buffer small). Never mutated once built.</summary>
internal sealed record LookupAuditFacts(string? EntityId, IReadOnlyList<string> Fields, IReadOnlyDictionary<string, string> Details)
{
    public static LookupAuditFacts For(string source, string? pseudonym, ScreenPopCard? card, CustomerDataAccess access)
    {
        var details = new Dictionary<string, string>(4, System.StringComparer.Ordinal) { ["source"] = source };
        if (pseudonym is not null)
        {
            details["caller"] = pseudonym;
        }

        string? entityId = null;
        if (card is not null)
        {
            details["matches"] = card.Matches.Count.ToString(CultureInfo.InvariantCulture);
            if (card.Matches.Count == 1)
            {
                entityId = card.Matches[0].Customer.Id;
            }
            else if (card.Matches.Count > 1)
            {
                var ids = new string[card.Matches.Count];
                for (var i = 0; i < ids.Length; i++)
                {
                    ids[i] = card.Matches[i].Customer.Id;
                }

                details["customers"] = string.Join(',', ids);
            }
        }

        return new LookupAuditFacts(entityId, card is null || card.Matches.Count == 0 ? [] : ViewsRead(access), details);
    }

    private static string[] ViewsRead(CustomerDataAccess access)
    {
        var views = new List<string>(4) { nameof(DataView.Profile) };
        if (access.CanRead(DataView.Tags))
        {
            views.Add(nameof(DataView.Tags));
        }

        if (access.CanRead(DataView.Tickets))
        {
            views.Add(nameof(DataView.Tickets));
        }

        if (access.CanRead(DataView.RecentCalls))
        {
            views.Add(nameof(DataView.RecentCalls));
        }

        return [.. views];
    }
}
