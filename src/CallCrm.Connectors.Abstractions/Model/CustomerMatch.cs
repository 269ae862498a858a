using System.Collections.Generic;

namespace CallCrm.Connectors.Model;

/// <summary>A customer found for a phone number, with the history a screen-pop card shows.</summary>
/// <param name="Customer">The customer.</param>
/// <param name="RecentTickets">The customer's tickets inside the requested window, newest first.</param>
/// <param name="RecentCalls">The customer's recent calls, newest first, where the CRM keeps them.</param>
public sealed record CustomerMatch(
    CustomerProfile Customer,
    IReadOnlyList<TicketSummary> RecentTickets,
    IReadOnlyList<CallRecord> RecentCalls);
