using System.Collections.Generic;
using CallCrm.Connectors.Model;
using NodaTime;

namespace CallCrm.Connectors.State;

/// <summary>One version of a customer's tags in a target, with the tags it replaced: the backup that makes rollback possible.</summary>
/// <param name="Target">The system the tags were applied to (for example the call system's provider name).</param>
/// <param name="CustomerId">The customer.</param>
/// <param name="Version">The version, increasing by one per customer and target, starting at 1.</param>
/// <param name="Tags">The tags after the change.</param>
/// <param name="PreviousTags">The tags before the change.</param>
/// <param name="ChangedAt">When the change was applied.</param>
/// <param name="Origin">Where the change came from (for example <c>hubspot</c>, or an operator's name for a rollback).</param>
/// <param name="RunId">The run that applied the change.</param>
/// <param name="Kind">Why the version was recorded.</param>
public sealed record TagVersion(
    string Target,
    string CustomerId,
    long Version,
    IReadOnlyList<CustomerTag> Tags,
    IReadOnlyList<CustomerTag> PreviousTags,
    Instant ChangedAt,
    string Origin,
    string RunId,
    TagChangeKind Kind);
