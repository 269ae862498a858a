using System;
using NodaTime;

namespace CallCrm.Connectors.Model;

/// <summary>A short view of a customer's ticket (case), as shown on a screen-pop card.</summary>
public sealed record TicketSummary
{
    /// <summary>Gets the CRM's identifier of the ticket.</summary>
    public required string Id { get; init; }

    /// <summary>Gets the ticket's subject.</summary>
    public string? Subject { get; init; }

    /// <summary>Gets the ticket's status as the CRM names it (for example <c>open</c>, <c>closed</c>).</summary>
    public string? Status { get; init; }

    /// <summary>Gets the ticket's priority as the CRM names it.</summary>
    public string? Priority { get; init; }

    /// <summary>Gets when the ticket was created.</summary>
    public Instant CreatedAt { get; init; }

    /// <summary>Gets when the ticket was last changed.</summary>
    public Instant? UpdatedAt { get; init; }

    /// <summary>Gets a link that opens the ticket in the CRM, if there is one.</summary>
    public Uri? Url { get; init; }
}
