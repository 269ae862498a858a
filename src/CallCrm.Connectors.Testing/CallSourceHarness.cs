using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using CallCrm.Connectors.Model;
using CallCrm.Connectors.Providers;
using NodaTime;

namespace CallCrm.Connectors.Testing;

/// <summary>What <see cref="CallSourceConformanceTests"/> needs to test an <see cref="ICallSource"/>.</summary>
public abstract class CallSourceHarness : ProviderHarness
{
    /// <summary>Gets the page size the kit asks the source for, small so that reads cross several pages.</summary>
    /// <value>The default value is 4. Raise it to the vendor's minimum page size if it has one.</value>
    public virtual int PageSize => 4;

    /// <summary>Creates the source under test, reading from this harness's backend.</summary>
    /// <param name="cancellationToken">Cancels the creation.</param>
    /// <returns>The source. The kit creates several per test (to resume from a stored checkpoint) and disposes none;
    /// the harness disposes what it created.</returns>
    public abstract ValueTask<ICallSource> CreateSourceAsync(CancellationToken cancellationToken = default);

    /// <summary>Stores calls in the backend as the vendor would hold them.</summary>
    /// <param name="calls">The calls: start time (whole seconds, several calls often sharing one), end time, status
    /// (calls not yet ended have <see cref="CallRecord.IsFinal"/> <see langword="false"/>), direction, numbers, agent and queue.</param>
    /// <param name="cancellationToken">Cancels the seeding.</param>
    /// <returns>For each call, in the same order, the <see cref="CallRecord.Key"/> the source will report it under
    /// (the vendor may assign its own identifiers).</returns>
    public abstract ValueTask<IReadOnlyList<string>> SeedAsync(IReadOnlyList<CallRecord> calls, CancellationToken cancellationToken = default);

    /// <summary>Gets the time of a seeded call that a source with <paramref name="ordering"/> sorts by and
    /// <see cref="ReadRequest.Until"/> bounds, as the vendor would hold it.</summary>
    /// <param name="record">A call as passed to <see cref="SeedAsync"/>.</param>
    /// <param name="ordering">The source's declared <see cref="SourceCapabilities.Ordering"/>.</param>
    /// <returns>For <see cref="SourceOrdering.StartTime"/>, <see cref="CallRecord.StartedAt"/>; for
    /// <see cref="SourceOrdering.ChangeTime"/>, <see cref="CallRecord.UpdatedAt"/> (the kit always sets it). Override it when the
    /// vendor keeps another time, for example one it stamps itself when the call is stored.</returns>
    public virtual Instant TimeOf(CallRecord record, SourceOrdering ordering)
    {
        ArgumentNullException.ThrowIfNull(record);
        return ordering == SourceOrdering.ChangeTime ? record.UpdatedAt ?? record.StartedAt : record.StartedAt;
    }
}
