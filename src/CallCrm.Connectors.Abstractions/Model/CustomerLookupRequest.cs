using NodaTime;

namespace CallCrm.Connectors.Model;

/// <summary>What a screen-pop lookup asks a CRM for.</summary>
/// <param name="PhoneNumberE164">The caller's number in E.164 form.</param>
/// <param name="HistorySince">The oldest ticket and call to include (for example three months ago).</param>
/// <param name="MaxCandidates">How many customers to return at most when several share the number.</param>
public sealed record CustomerLookupRequest(string PhoneNumberE164, Instant HistorySince, int MaxCandidates = 5);
