using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace CallCrm.Connectors.Auditing;

/// <summary>Receives every change the SDK makes to a vendor system or to its own state that a person may later have to account for: calls
/// written to a CRM, tags pushed to a call system or rolled back, dead letters replayed or purged. The security package's
/// audit log implements it; register an implementation and the sync engine calls it.</summary>
/// <remarks>
/// <para>The engine calls the auditor after the change and its state are committed, once per commit with every change of that commit, so a
/// change that is reported did happen. It never passes raw phone numbers it can avoid, but entity keys are the vendors' keys: an
/// implementation that stores them must pseudonymize those that hold personal data.</para>
/// <para>A failing auditor does not undo or lose the change (it is already committed): the engine logs the failure and counts it in the
/// <c>callcrm.sync.audit.failures</c> metric, and goes on. Alert on that metric where a gap in the audit trail matters.</para>
/// </remarks>
public interface IDataChangeAuditor
{
    /// <summary>Records changes that were committed together.</summary>
    /// <param name="changes">The changes, in the order they were made; never empty.</param>
    /// <param name="cancellationToken">Cancels the recording.</param>
    /// <returns>A task that completes when the changes are recorded durably.</returns>
    ValueTask RecordAsync(IReadOnlyList<DataChange> changes, CancellationToken cancellationToken = default);
}
