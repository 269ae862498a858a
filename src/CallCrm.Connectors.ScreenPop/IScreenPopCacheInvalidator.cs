namespace CallCrm.Connectors.ScreenPop;

/// <summary>Drops cached cards whose data has changed, so the next lookup reads the CRM again. Called after writes to the CRM (see
/// <see cref="Sync.ScreenPopSinkExtensions"/>) or by an application
/// that learns of a change another way (a CRM webhook).</summary>
public interface IScreenPopCacheInvalidator
{
    /// <summary>Drops the card of a number, and makes a CRM request already under way for it not fill the cache.</summary>
    /// <param name="e164">The number in E.164 form.</param>
    /// <returns><see langword="true"/> when a card was cached.</returns>
    bool Invalidate(string e164);

    /// <summary>Drops every card that shows a customer, and makes CRM requests already under way not fill the cache.</summary>
    /// <param name="customerId">The CRM's identifier of the customer.</param>
    /// <returns>How many cards were dropped.</returns>
    int InvalidateCustomer(string customerId);
}
