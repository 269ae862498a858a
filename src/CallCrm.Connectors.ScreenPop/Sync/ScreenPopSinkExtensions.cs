using CallCrm.Connectors.Model;
using CallCrm.Connectors.Providers;

namespace CallCrm.Connectors.ScreenPop.Sync;

/// <summary>Wraps sync sinks so that their writes drop the screen-pop cards they change. A host built with <c>AddScreenPop</c>
/// on the CallCrm.Connectors builder wraps every hosted stream's sink this way by itself.</summary>
public static class ScreenPopSinkExtensions
{
    /// <summary>Wraps a sink of call records: a written call drops the cards of its caller and callee (their recent calls) and of its customer.</summary>
    /// <param name="sink">The CRM sink.</param>
    /// <param name="invalidator">The screen-pop cache (resolve <see cref="IScreenPopCacheInvalidator"/>).</param>
    /// <returns>The wrapping sink, to give the sync engine.</returns>
    public static IRecordSink<CallRecord> WithScreenPopInvalidation(this IRecordSink<CallRecord> sink, IScreenPopCacheInvalidator invalidator) =>
        new ScreenPopInvalidatingSink<CallRecord>(sink, invalidator, InvalidateCall, unchangedInvalidates: false);

    /// <summary>Wraps a sink of tag sets: a pushed tag set means the customer changed in the CRM, so it drops the cards of the
    /// customer and their numbers (the cards show the tags), also when the target already held the set.</summary>
    /// <param name="sink">The call-system (or CRM tag) sink.</param>
    /// <param name="invalidator">The screen-pop cache (resolve <see cref="IScreenPopCacheInvalidator"/>).</param>
    /// <returns>The wrapping sink, to give the sync engine.</returns>
    public static IRecordSink<CustomerTagUpdate> WithScreenPopInvalidation(this IRecordSink<CustomerTagUpdate> sink, IScreenPopCacheInvalidator invalidator) =>
        new ScreenPopInvalidatingSink<CustomerTagUpdate>(sink, invalidator, InvalidateTags, unchangedInvalidates: true);

    private static void InvalidateCall(CallRecord record, IScreenPopCacheInvalidator invalidator)
    {
        InvalidateNumber(record.From, invalidator);
        InvalidateNumber(record.To, invalidator);
        if (!string.IsNullOrWhiteSpace(record.CustomerReference))
        {
            invalidator.InvalidateCustomer(record.CustomerReference);
        }
    }

    private static void InvalidateTags(CustomerTagUpdate update, IScreenPopCacheInvalidator invalidator)
    {
        invalidator.InvalidateCustomer(update.CustomerId);
        foreach (var number in update.PhoneNumbers)
        {
            InvalidateNumber(number, invalidator);
        }
    }

    private static void InvalidateNumber(PhoneNumber number, IScreenPopCacheInvalidator invalidator)
    {
        if (number.E164 is { Length: > 0 } e164)
        {
            invalidator.Invalidate(e164);
        }
    }
}
