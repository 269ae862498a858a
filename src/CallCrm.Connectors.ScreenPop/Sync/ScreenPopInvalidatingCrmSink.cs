using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using CallCrm.Connectors.Model;
using CallCrm.Connectors.Providers;

namespace CallCrm.Connectors.ScreenPop.Sync;

/// <summary>An <see cref="ICrmSink"/> that drops the screen-pop cards a written call changes: the cards of its caller and callee (their
/// recent calls) and of its customer. Wrap the sink given to the sync engine's call-log stream with it; the engine needs no change.</summary>
/// <remarks>Only records the inner sink reports <see cref="RecordOutcomeKind.Written"/> invalidate; a failed batch invalidates nothing.</remarks>
public sealed class ScreenPopInvalidatingCrmSink : ICrmSink
{
    private readonly ICrmSink inner;
    private readonly IScreenPopCacheInvalidator invalidator;

    /// <summary>Initializes a new instance of the <see cref="ScreenPopInvalidatingCrmSink"/> class.</summary>
    /// <param name="inner">The CRM sink that writes.</param>
    /// <param name="invalidator">The screen-pop cache.</param>
    public ScreenPopInvalidatingCrmSink(ICrmSink inner, IScreenPopCacheInvalidator invalidator)
    {
        ArgumentNullException.ThrowIfNull(inner);
        ArgumentNullException.ThrowIfNull(invalidator);
        this.inner = inner;
        this.invalidator = invalidator;
    }

    /// <inheritdoc />
    public string Name => inner.Name;

    /// <inheritdoc />
    public ProviderCapabilities Capabilities => inner.Capabilities;

    /// <inheritdoc />
    public async ValueTask<IReadOnlyList<RecordOutcome>> WriteAsync(IReadOnlyList<CallRecord> batch, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(batch);
        var outcomes = await inner.WriteAsync(batch, cancellationToken).ConfigureAwait(false);
        // Outcomes come in batch order (the ICrmSink contract), so index i is record i.
        for (var i = 0; i < outcomes.Count && i < batch.Count; i++)
        {
            if (outcomes[i].Kind != RecordOutcomeKind.Written)
            {
                continue;
            }

            var record = batch[i];
            InvalidateNumber(record.From);
            InvalidateNumber(record.To);
            if (!string.IsNullOrWhiteSpace(record.CustomerReference))
            {
                invalidator.InvalidateCustomer(record.CustomerReference);
            }
        }

        return outcomes;
    }

    private void InvalidateNumber(PhoneNumber number)
    {
        if (number.E164 is { Length: > 0 } e164)
        {
            invalidator.Invalidate(e164);
        }
    }
}
