using CallCrm.Connectors.Errors;
using CallCrm.Connectors.Providers;

namespace CallCrm.Connectors.Sync.Internal;

/// <summary>The result of a resilient write: one outcome per record (null when never confirmed), and why the sink was given up on, if it was.</summary>
internal sealed record SinkWriteResult(RecordOutcome?[] Outcomes, ConnectorError? Unavailable);
