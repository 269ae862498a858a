using System.Collections.Generic;
using CallCrm.Connectors.Model;

namespace CallCrm.Connectors.HubSpot.Internal;

/// <summary>A call ready to send: its place in the caller's batch, where it is associated and its properties.</summary>
internal sealed record PreparedCall(int Index, CallRecord Call, CallerResolution Resolution, Dictionary<string, string?> Properties)
{
    /// <summary>Gets or sets whether the write updated an engagement that existed (or may have: an upsert result that
    /// does not say), so its earlier associations may be stale.</summary>
    public bool Updated { get; set; }
}
