using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace CallCrm.Connectors.Sync.Health;

/// <summary>Gives a snapshot of the health facts of every stream (circuit, outbox depth and age, checkpoint lag, last error).</summary>
public interface ISyncHealth
{
    /// <summary>Gets the health of every stream.</summary>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>One entry per stream.</returns>
    ValueTask<IReadOnlyList<StreamHealth>> GetHealthAsync(CancellationToken cancellationToken = default);
}
