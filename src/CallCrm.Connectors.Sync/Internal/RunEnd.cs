using System;
using CallCrm.Connectors.Errors;

namespace CallCrm.Connectors.Sync.Internal;

/// <summary>How a stream's reading and delivery ended: whether a budget was spent, and what failed (thrown by the run skeleton).</summary>
/// <param name="Budget">The spent budget that ended the run early, or <see langword="null"/>.</param>
/// <param name="Failure">The failure of a writer or of the source, or <see langword="null"/>.</param>
internal readonly record struct RunEnd(ConnectorError? Budget, Exception? Failure);
