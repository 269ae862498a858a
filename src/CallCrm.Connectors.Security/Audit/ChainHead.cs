using NodaTime;

namespace CallCrm.Connectors.Security.Audit;

/// <summary>Where the audit chain stands: its sealed start (after retention, the anchor) and its last entry.</summary>
/// <param name="FirstSequence">The first entry of the chain.</param>
/// <param name="AnchorHash">The hash the first entry links to.</param>
/// <param name="LastSequence">The last entry.</param>
/// <param name="LastHash">The last entry's hash.</param>
/// <param name="LastRecordedAt">The last entry's time (time never goes backwards along the chain).</param>
internal sealed record ChainHead(long FirstSequence, string AnchorHash, long LastSequence, string LastHash, Instant LastRecordedAt);
