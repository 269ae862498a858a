using System.Collections.Generic;
using CallCrm.Connectors.Model;
using CallCrm.Connectors.State;
using NodaTime;

namespace CallCrm.Connectors.Sync.Tags;

/// <summary>A tag set planned for one customer in the call system, and the version it becomes.</summary>
/// <param name="CustomerId">The customer.</param>
/// <param name="PhoneNumbers">The customer's numbers, for call systems that tag by number.</param>
/// <param name="Tags">The tag set to push.</param>
/// <param name="PreviousTags">What the call system holds before it.</param>
/// <param name="Version">The version number.</param>
/// <param name="ChangedAt">When the change happened at its origin (what last-writer-wins compares).</param>
/// <param name="Origin">Who made the change.</param>
/// <param name="Kind">A sync or a rollback.</param>
/// <param name="Existing">The committed version whose interrupted push is repeated, or <see langword="null"/> for a new version.</param>
internal sealed record TagPlan(
    string CustomerId,
    IReadOnlyList<PhoneNumber> PhoneNumbers,
    IReadOnlyList<CustomerTag> Tags,
    IReadOnlyList<CustomerTag> PreviousTags,
    long Version,
    Instant ChangedAt,
    string Origin,
    TagChangeKind Kind,
    TagVersion? Existing);
