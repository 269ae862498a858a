using CallCrm.Connectors.Checkpoints;
using CallCrm.Connectors.HubSpot.Api;
using NodaTime;

namespace CallCrm.Connectors.HubSpot.Internal;

/// <summary>A contact change ready to yield, with its position.</summary>
/// <param name="Contact">The contact.</param>
/// <param name="Modified">Its <c>lastmodifieddate</c>.</param>
/// <param name="Position">The position after it: its own, or the last one released when it came back out of order.</param>
/// <param name="OutOfOrder">Whether it came back older than a position already released (HubSpot ignoring the sort).</param>
internal sealed record ReadyChange(HubSpotObjectDto Contact, Instant Modified, WatermarkCheckpoint Position, bool OutOfOrder);
