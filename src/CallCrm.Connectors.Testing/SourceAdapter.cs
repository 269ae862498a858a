using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using CallCrm.Connectors.Model;
using CallCrm.Connectors.Providers;
using NodaTime;

namespace CallCrm.Connectors.Testing;

/// <summary>Lets one set of incremental-read checks run against call sources and customer sources alike.</summary>
/// <typeparam name="TSeed">What the backend is seeded with.</typeparam>
/// <typeparam name="TItem">What the source yields.</typeparam>
internal abstract class SourceAdapter<TSeed, TItem>
    where TItem : ISyncRecord
{
    /// <summary>Gets the harness.</summary>
    public abstract ProviderHarness Harness { get; }

    /// <summary>Gets the page size to read with.</summary>
    public abstract int PageSize { get; }

    /// <summary>Gets what an item is called in failure messages.</summary>
    public abstract string Noun { get; }

    /// <summary>Creates the data to seed.</summary>
    /// <returns>The seeds, in seeding order.</returns>
    public abstract IReadOnlyList<TSeed> CreateSeeds();

    /// <summary>Seeds the backend.</summary>
    /// <param name="seeds">The seeds.</param>
    /// <param name="cancellationToken">Cancels the seeding.</param>
    /// <returns>The key of each seed.</returns>
    public abstract ValueTask<IReadOnlyList<string>> SeedAsync(IReadOnlyList<TSeed> seeds, CancellationToken cancellationToken);

    /// <summary>Creates a source.</summary>
    /// <param name="cancellationToken">Cancels the creation.</param>
    /// <returns>The source.</returns>
    public abstract ValueTask<IRecordSource<TItem>> CreateAsync(CancellationToken cancellationToken);

    /// <summary>Gets the time of a seed that the source's ordering sorts by and <see cref="ReadRequest.Until"/> bounds.</summary>
    /// <param name="seed">The seed.</param>
    /// <param name="ordering">The source's declared ordering.</param>
    /// <returns>The time.</returns>
    public abstract Instant TimeOf(TSeed seed, SourceOrdering ordering);
}
