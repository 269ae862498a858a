using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using CallCrm.Connectors.Model;
using CallCrm.Connectors.Providers;

namespace CallCrm.Connectors.ScreenPop.Sync;

/// <summary>An <see cref="ICallSystemSink"/> that drops the screen-pop cards of customers whose tags tag sync has pushed: a pushed tag
/// set means the customer changed in the CRM, so their card (which shows the tags) is out of date. Wrap the sink given to the sync
/// engine's tag stream with it.</summary>
public sealed class ScreenPopInvalidatingCallSystemSink : ICallSystemSink
{
    private readonly ICallSystemSink inner;
    private readonly IScreenPopCacheInvalidator invalidator;

    /// <summary>Initializes a new instance of the <see cref="ScreenPopInvalidatingCallSystemSink"/> class.</summary>
    /// <param name="inner">The call-system sink that pushes.</param>
    /// <param name="invalidator">The screen-pop cache.</param>
    public ScreenPopInvalidatingCallSystemSink(ICallSystemSink inner, IScreenPopCacheInvalidator invalidator)
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
    public async ValueTask<IReadOnlyList<RecordOutcome>> PushTagsAsync(IReadOnlyList<CustomerTagUpdate> updates, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(updates);
        var outcomes = await inner.PushTagsAsync(updates, cancellationToken).ConfigureAwait(false);
        for (var i = 0; i < outcomes.Count && i < updates.Count; i++)
        {
            if (outcomes[i].Kind is RecordOutcomeKind.Written or RecordOutcomeKind.Unchanged)
            {
                var update = updates[i];
                invalidator.InvalidateCustomer(update.CustomerId);
                foreach (var number in update.PhoneNumbers)
                {
                    if (number.E164 is { Length: > 0 } e164)
                    {
                        invalidator.Invalidate(e164);
                    }
                }
            }
        }

        return outcomes;
    }
}
