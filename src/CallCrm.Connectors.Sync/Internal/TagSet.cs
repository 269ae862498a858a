using System;
using System.Collections.Generic;
using System.Linq;
using CallCrm.Connectors.Model;

namespace CallCrm.Connectors.Sync.Internal;

/// <summary>Set semantics for tag lists: order and repeats do not matter, names compare case-insensitively.</summary>
internal static class TagSet
{
    public static List<CustomerTag> Normalize(IEnumerable<CustomerTag> tags) =>
        tags.Distinct()
            .OrderBy(t => t.Name, StringComparer.OrdinalIgnoreCase)
            .ThenBy(t => t.Value, StringComparer.Ordinal)
            .ToList();

    public static bool SetEquals(IReadOnlyList<CustomerTag> left, IReadOnlyList<CustomerTag> right) =>
        new HashSet<CustomerTag>(left).SetEquals(right);
}
