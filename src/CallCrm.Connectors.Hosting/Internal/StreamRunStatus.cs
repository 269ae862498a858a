using CallCrm.Connectors.Errors;

namespace CallCrm.Connectors.Hosting.Internal;

/// <summary>How the latest runs of a stream went, as the hosted service saw them.</summary>
internal sealed record StreamRunStatus(int ConsecutiveFailures, ConnectorError? LastFailure);
