using System;
using System.Collections.Generic;
using System.Globalization;
using CallCrm.Connectors.Errors;
using CallCrm.Connectors.Model;

namespace CallCrm.Connectors.ScreenPop;

/// <summary>The customer card for one incoming call, already filtered to what the asking agent's roles may see.</summary>
public sealed record ScreenPopCard
{
    /// <summary>Gets what the card shows.</summary>
    public required ScreenPopCardKind Kind { get; init; }

    /// <summary>Gets the caller's number in E.164 form, or <see langword="null"/> for a withheld or unreadable number. It is the
    /// number the asking system already has (the ringing call's), returned so the UI can dial it back.</summary>
    public string? CallerE164 { get; init; }

    /// <summary>Gets the customers found, best first, each filtered by the caller's role (tickets and calls only where the role
    /// may read them, masked fields masked). Empty for every kind but <see cref="ScreenPopCardKind.Customer"/> and
    /// <see cref="ScreenPopCardKind.Candidates"/>.</summary>
    public IReadOnlyList<CustomerMatch> Matches { get; init; } = [];

    /// <summary>Gets what the agent can do from the card (dial back, create a lead).</summary>
    public IReadOnlyList<ScreenPopAction> Actions { get; init; } = [];

    /// <summary>Gets when the data on the card was read from the CRM, or <see langword="null"/> when nothing was read.</summary>
    public DateTimeOffset? RetrievedAt { get; init; }

    /// <summary>Gets how old the data on the card is, or <see langword="null"/> when nothing was read.</summary>
    public TimeSpan? Age { get; init; }

    /// <summary>Gets whether the data is older than <see cref="ScreenPopOptions.TimeToLive"/>: shown while it is refreshed, or
    /// because the CRM cannot be reached (then <see cref="Error"/> says why).</summary>
    public bool IsStale { get; init; }

    /// <summary>Gets why the CRM could not be asked (for <see cref="ScreenPopCardKind.Unavailable"/> and stale cards shown during an
    /// outage), or why the number cannot be looked up; <see langword="null"/> otherwise.</summary>
    public ConnectorError? Error { get; init; }

    /// <summary>Gets the CRM's name as shown to agents (<see cref="ScreenPopOptions.CrmDisplayName"/>).</summary>
    public string? CrmName { get; init; }

    /// <summary>Gets the message to show the agent with the card, or <see langword="null"/> when the card speaks for itself (one
    /// customer, fresh).</summary>
    /// <param name="culture">The language; <see langword="null"/> for <see cref="CultureInfo.CurrentUICulture"/>. English and
    /// Simplified Chinese are built in.</param>
    /// <returns>The message: a withheld or unreadable number, a new caller, several candidates, a stale card and its age during an
    /// outage, or the friendly message of <see cref="Error"/> when the CRM is unavailable.</returns>
    public string? GetUserMessage(CultureInfo? culture = null) => ScreenPopText.Describe(this, culture ?? CultureInfo.CurrentUICulture);
}
