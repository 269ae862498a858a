using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace CallCrm.Connectors.Auditing;

/// <summary>An <see cref="IDataChangeAuditor"/> that records nothing: what the engine uses when no auditor is registered.</summary>
public sealed class NullDataChangeAuditor : IDataChangeAuditor
{
    private NullDataChangeAuditor()
    {
    }

    /// <summary>Gets the instance.</summary>
    public static NullDataChangeAuditor Instance { get; } = new();

    /// <inheritdoc />
    public ValueTask RecordAsync(IReadOnlyList<DataChange> changes, CancellationToken cancellationToken = default) => ValueTask.CompletedTask;
}
