using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace CallCrm.Connectors.State;

/// <summary>Keeps every version of the tags the SDK applied to each customer in each target.</summary>
public interface ITagHistoryStore
{
    /// <summary>Appends a version. Fails if the (target, customer, version) already exists, so two writers cannot both take a version.</summary>
    /// <param name="version">The version.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>A task that completes when the version is durable.</returns>
    ValueTask AppendAsync(TagVersion version, CancellationToken cancellationToken = default);

    /// <summary>Gets a customer's latest version in a target.</summary>
    /// <param name="target">The target.</param>
    /// <param name="customerId">The customer.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The latest version, or <see langword="null"/> when the SDK never applied tags for this customer there.</returns>
    ValueTask<TagVersion?> GetLatestAsync(string target, string customerId, CancellationToken cancellationToken = default);

    /// <summary>Gets a customer's versions in a target, oldest first.</summary>
    /// <param name="target">The target.</param>
    /// <param name="customerId">The customer.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The versions.</returns>
    ValueTask<IReadOnlyList<TagVersion>> GetHistoryAsync(string target, string customerId, CancellationToken cancellationToken = default);

    /// <summary>Gets every version a run recorded, in the order they were recorded.</summary>
    /// <param name="runId">The run.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The versions.</returns>
    ValueTask<IReadOnlyList<TagVersion>> GetByRunAsync(string runId, CancellationToken cancellationToken = default);
}
