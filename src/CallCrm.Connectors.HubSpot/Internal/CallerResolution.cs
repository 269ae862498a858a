using System.Collections.Generic;

namespace CallCrm.Connectors.HubSpot.Internal;

/// <summary>Where one call engagement is associated, and the note for the agent when it could not be decided.</summary>
/// <param name="ContactIds">The contacts to associate (type 194).</param>
/// <param name="CompanyId">The company to associate (type 182), or <see langword="null"/>.</param>
/// <param name="AgentNote">A note for <c>hs_call_body</c> when the call is left for the agent to resolve.</param>
/// <param name="CustomerNumber">The customer's E.164 number used for the lookup, or <see langword="null"/>.</param>
internal sealed record CallerResolution(IReadOnlyList<string> ContactIds, string? CompanyId, string? AgentNote, string? CustomerNumber)
{
    public static CallerResolution None { get; } = new([], null, null, null);

    public bool IsFlagged => AgentNote is not null;
}
