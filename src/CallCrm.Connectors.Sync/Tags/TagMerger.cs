using System;
using System.Collections.Generic;
using System.Linq;
using CallCrm.Connectors.Model;
using CallCrm.Connectors.Sync.Internal;
using NodaTime;

namespace CallCrm.Connectors.Sync.Tags;

/// <summary>Applies the ownership rules: which side's value each tag takes.</summary>
internal static class TagMerger
{
    /// <summary>Merges an incoming tag set into the current one.</summary>
    /// <param name="current">The tags the target holds now (as the SDK last set them).</param>
    /// <param name="currentAt">The source time of the current tags.</param>
    /// <param name="incoming">The incoming tags: the CRM's whole set, or the outcome tags of a call.</param>
    /// <param name="incomingAt">The source time of the incoming change.</param>
    /// <param name="fromCrm">Whether the incoming tags are the CRM's whole set (absent names are removals) or call outcomes (absent names are no opinion).</param>
    /// <param name="ownership">The rules.</param>
    public static List<CustomerTag> Merge(
        IReadOnlyList<CustomerTag> current, Instant? currentAt, IReadOnlyList<CustomerTag> incoming, Instant incomingAt, bool fromCrm, TagOwnershipOptions ownership)
    {
        var currentByName = current.ToLookup(t => t.Name, StringComparer.OrdinalIgnoreCase);
        var incomingByName = incoming.ToLookup(t => t.Name, StringComparer.OrdinalIgnoreCase);
        var names = current.Select(t => t.Name).Concat(incoming.Select(t => t.Name)).Distinct(StringComparer.OrdinalIgnoreCase);
        var result = new List<CustomerTag>();
        foreach (var name in names)
        {
            var hasOpinion = fromCrm || incomingByName.Contains(name);
            var takeIncoming = hasOpinion && ownership.OwnerOf(name) switch
            {
                TagOwner.Crm => fromCrm,
                TagOwner.CallSystem => !fromCrm,

                // Ties go to the incoming change: it was read later.
                _ => currentAt is null || incomingAt >= currentAt.Value,
            };
            result.AddRange(takeIncoming ? incomingByName[name] : currentByName[name]);
        }

        return TagSet.Normalize(result);
    }
}
