using Microsoft.Extensions.Logging;

namespace CallCrm.Connectors.HubSpot;

// Every log line of the package. None takes a phone number, e-mail address, name, token or property value: only
// counts, record keys' shapes, HubSpot record ids and error categories.
internal static partial class Log
{
    [LoggerMessage(1, LogLevel.Information, "HubSpot: {Count} call(s) refused by validation; the rest of the batch is written")]
    public static partial void RecordsRefused(ILogger logger, int count);

    [LoggerMessage(2, LogLevel.Debug, "HubSpot: batch of {Count} refused by validation without naming the input; the engine splits it")]
    public static partial void BatchRefused(ILogger logger, int count);

    [LoggerMessage(3, LogLevel.Information, "HubSpot: {Count} call(s) were already delivered (409 on the unique source call id); read back")]
    public static partial void AlreadyDelivered(ILogger logger, int count);

    [LoggerMessage(4, LogLevel.Information, "HubSpot: caller number shared by {Contacts} contacts; policy {Policy} applied")]
    public static partial void SharedNumber(ILogger logger, int contacts, CallerResolutionPolicy policy);

    [LoggerMessage(6, LogLevel.Warning, "HubSpot: {Count} association(s) not confirmed; the calls are reported as transient failures")]
    public static partial void AssociationsNotConfirmed(ILogger logger, int count);

    [LoggerMessage(7, LogLevel.Warning, "HubSpot: contact {ContactId} came back older than a change already read (the search ignored its sort); delivered without moving the watermark back")]
    public static partial void ContactOutOfOrder(ILogger logger, string contactId);

    // Id 5 (the 10,000-result window restart) is retired: every page now restarts from its last time.
    [LoggerMessage(8, LogLevel.Debug, "HubSpot: a page of contacts all share one lastmodifieddate; paging inside that time by offset {Offset}")]
    public static partial void SearchPagedWithinTimestamp(ILogger logger, string offset);

    [LoggerMessage(9, LogLevel.Information, "HubSpot: local contact index loaded with {Count} contact(s); callers are matched without searching")]
    public static partial void ContactIndexLoaded(ILogger logger, int count);

    [LoggerMessage(10, LogLevel.Information, "HubSpot: the account holds {Total} contacts, more than LocalIndexMaxContacts ({Max}); callers are matched by one search per batch")]
    public static partial void ContactIndexTooLarge(ILogger logger, int total, int max);
}
