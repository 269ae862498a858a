using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using CallCrm.Connectors.Model;
using CallCrm.Connectors.Providers;

namespace CallCrm.Connectors.ScreenPop.Sync;

/// <summary>A sink of any record kind that drops the screen-pop cards its confirmed writes change; what a record changes is
/// given by <see cref="ScreenPopSinkExtensions"/>, one rule per record kind.</summary>
/// <typeparam name="TRecord">The record kind.</typeparam>
/// <remarks>Only records the inner sink confirms invalidate; a failed batch invalidates nothing.</remarks>
internal sealed class ScreenPopInvalidatingSink<TRecord> : IRecordSink<TRecord>
    where TRecord : ISyncRecord
{
    private readonly IRecordSink<TRecord> inner;
    private readonly IScreenPopCacheInvalidator invalidator;
    private readonly Action<TRecord, IScreenPopCacheInvalidator> invalidate;
    private readonly bool unchangedInvalidates;

    /// <param name="inner">The sink that writes.</param>
    /// <param name="invalidator">The screen-pop cache.</param>
    /// <param name="invalidate">Drops the cards one written record changes.</param>
    /// <param name="unchangedInvalidates">Whether a record the target already held invalidates too (a tag set pushed again still
    /// means the customer changed in the CRM).</param>
    public ScreenPopInvalidatingSink(IRecordSink<TRecord> inner, IScreenPopCacheInvalidator invalidator, Action<TRecord, IScreenPopCacheInvalidator> invalidate, bool unchangedInvalidates)
    {
        ArgumentNullException.ThrowIfNull(inner);
        ArgumentNullException.ThrowIfNull(invalidator);
        this.inner = inner;
        this.invalidator = invalidator;
        this.invalidate = invalidate;
        this.unchangedInvalidates = unchangedInvalidates;
    }

    public string Name => inner.Name;

    public SinkCapabilities Capabilities => inner.Capabilities;

    public async ValueTask<IReadOnlyList<RecordOutcome>> WriteAsync(IReadOnlyList<TRecord> batch, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(batch);
        var outcomes = await inner.WriteAsync(batch, cancellationToken).ConfigureAwait(false);

        // Outcomes come in batch order (the IRecordSink contract), so index i is record i.
        for (var i = 0; i < outcomes.Count && i < batch.Count; i++)
        {
            if (outcomes[i].Kind == RecordOutcomeKind.Written || (unchangedInvalidates && outcomes[i].Kind == RecordOutcomeKind.Unchanged))
            {
                invalidate(batch[i], invalidator);
            }
        }

        return outcomes;
    }
}
