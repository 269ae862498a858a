using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using CallCrm.Connectors.Model;

namespace CallCrm.Connectors.Providers;

/// <summary>Pushes customer tags to a call system, for routing.</summary>
/// <remarks>Each update carries the whole tag set, so a repeated push is harmless. Outcomes come back one per update, in order.</remarks>
public interface ICallSystemSink : IConnectorProvider
{
    /// <summary>Pushes a batch of tag updates.</summary>
    /// <param name="updates">The updates.</param>
    /// <param name="cancellationToken">Cancels the push.</param>
    /// <returns>One outcome per update, in batch order.</returns>
    ValueTask<IReadOnlyList<RecordOutcome>> PushTagsAsync(IReadOnlyList<CustomerTagUpdate> updates, CancellationToken cancellationToken = default);
}
