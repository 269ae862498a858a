using System.Collections.Generic;
using CallCrm.Connectors.State;

namespace CallCrm.Connectors.Sync.Tags;

/// <summary>What a rollback did.</summary>
/// <param name="RollbackRunId">The run identifier the rollback's own versions are recorded under (so a rollback can itself be rolled back).</param>
/// <param name="Applied">The versions the rollback recorded and pushed; empty when everything already matched (rollback is idempotent).</param>
public sealed record TagRollbackResult(string RollbackRunId, IReadOnlyList<TagVersion> Applied);
