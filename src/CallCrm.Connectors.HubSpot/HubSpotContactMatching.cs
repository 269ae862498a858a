namespace CallCrm.Connectors.HubSpot;

/// <summary>How the sink finds the contacts behind callers' numbers (the search API allows only a few requests per second).</summary>
public enum HubSpotContactMatching
{
    /// <summary>
    /// A local index when the account holds at most <see cref="HubSpotOptions.LocalIndexMaxContacts"/> contacts,
    /// otherwise a search per batch. The default.
    /// </summary>
    Auto = 0,

    /// <summary>
    /// An in-memory index of every contact's numbers, loaded once through the search API (200 contacts per request) and
    /// kept current by reading contact changes (<c>lastmodifieddate</c>) at most every
    /// <see cref="HubSpotOptions.LocalIndexRefreshInterval"/>: batches of calls then cost no search at all. A contact
    /// created or renumbered in HubSpot is matched at most one refresh interval (plus HubSpot's own search indexing
    /// delay) later. Deleted and merged contacts leave the index at the next full reload
    /// (<see cref="HubSpotOptions.LocalIndexReloadInterval"/>), or as soon as an association to them is refused.
    /// </summary>
    LocalIndex = 1,

    /// <summary>
    /// One search per batch of calls (numbers in every written form in <c>IN</c> filters), answers cached for
    /// <see cref="HubSpotOptions.ContactCacheDuration"/>. For accounts too large to index; a few batches per second at most.
    /// </summary>
    SearchPerBatch = 2,
}
