using System;
using System.Text.Json.Nodes;

namespace CallCrm.Connectors.VendorSimulator.CallSystem;

/// <summary>The latest tag set the call system holds for one customer.</summary>
internal sealed record CustomerTags(string CustomerId, long Version, JsonArray Tags, DateTimeOffset ReceivedAt, string EventId);
