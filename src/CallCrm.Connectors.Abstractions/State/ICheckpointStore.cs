using System.Threading;
using System.Threading.Tasks;
using CallCrm.Connectors.Checkpoints;

namespace CallCrm.Connectors.State;

/// <summary>Stores one checkpoint per stream.</summary>
public interface ICheckpointStore
{
    /// <summary>Gets a stream's checkpoint.</summary>
    /// <param name="stream">The stream's name.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The checkpoint, or <see langword="null"/> when the stream has never committed one.</returns>
    ValueTask<Checkpoint?> GetAsync(string stream, CancellationToken cancellationToken = default);

    /// <summary>Sets a stream's checkpoint. The engine normally moves checkpoints through <see cref="IConnectorStateStore.CommitAsync"/>;
    /// this is for operators (reset a stream to a point in time).</summary>
    /// <param name="stream">The stream's name.</param>
    /// <param name="checkpoint">The checkpoint, or <see langword="null"/> to start the stream from the beginning.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>A task that completes when the checkpoint is durable.</returns>
    ValueTask SetAsync(string stream, Checkpoint? checkpoint, CancellationToken cancellationToken = default);
}
