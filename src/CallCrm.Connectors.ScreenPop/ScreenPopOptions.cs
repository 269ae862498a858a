using System;
using CallCrm.Connectors.Security.Audit;

namespace CallCrm.Connectors.ScreenPop;

/// <summary>Options of the screen-pop service; checked when the host starts (<c>AddCallCrmScreenPop</c> registers the validator).</summary>
public sealed class ScreenPopOptions
{
    /// <summary>Gets or sets the ISO 3166-1 alpha-2 region in which caller numbers without a country code are read (for example
    /// <c>CN</c>). Case is ignored.</summary>
    /// <value>The default value is an empty string, which is not valid: a region must be chosen.</value>
    public string Region { get; set; } = string.Empty;

    /// <summary>Gets or sets how long a card read from the CRM is served as fresh.</summary>
    /// <value>The default value is 1 minute.</value>
    public TimeSpan TimeToLive { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Gets or sets how long after <see cref="TimeToLive"/> a card is still served at once (marked stale) while one background
    /// request refreshes it. Zero turns stale-while-revalidate off.</summary>
    /// <value>The default value is 5 minutes.</value>
    public TimeSpan StaleWhileRevalidate { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Gets or sets how long after <see cref="TimeToLive"/> a card is still served, marked stale with its age, when the CRM
    /// cannot be reached. Zero turns stale-if-error off.</summary>
    /// <value>The default value is 4 hours (an agent is better off with a morning's card than with none).</value>
    public TimeSpan StaleIfError { get; set; } = TimeSpan.FromHours(4);

    /// <summary>Gets or sets how many months of tickets and calls a card shows.</summary>
    /// <value>The default value is 3.</value>
    public int HistoryMonths { get; set; } = 3;

    /// <summary>Gets or sets how many numbers the cache holds at most; the least recently read go first.</summary>
    /// <value>The default value is 10,000.</value>
    public int MaxEntries { get; set; } = 10_000;

    /// <summary>Gets or sets how many customers a card lists at most when several share a number.</summary>
    /// <value>The default value is 5.</value>
    public int MaxCandidates { get; set; } = 5;

    /// <summary>Gets or sets how long one CRM request may take. The request is shared by every agent waiting for the same number, so it
    /// is not cancelled when one of them gives up; this bounds it instead.</summary>
    /// <value>The default value is 10 seconds.</value>
    public TimeSpan LookupTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Gets or sets the link of the create-lead action of new-caller cards, with <c>{phone}</c> standing for the caller's
    /// URL-escaped E.164 number (for example <c>https://app.hubspot.com/contacts/123/objects/0-1/views/all/list?createNew=true&amp;phone={phone}</c>),
    /// or <see langword="null"/> to let the UI handle the action itself.</summary>
    /// <value>The default value is <see langword="null"/>.</value>
    public string? CreateLeadUrlTemplate { get; set; }

    /// <summary>Gets or sets the CRM's name as agents know it, used in card messages.</summary>
    /// <value>The default value is <see langword="null"/>: messages say "the CRM".</value>
    public string? CrmDisplayName { get; set; }

    /// <summary>Gets or sets whether filtered cards are also cached per set of roles, so a repeated lookup costs no filtering. Turn it
    /// off only for an <see cref="Security.Access.ICustomerDataAccessPolicy"/> whose filtering depends on more than the caller's roles.</summary>
    /// <value>The default value is <see langword="true"/>.</value>
    public bool CacheFilteredCards { get; set; } = true;

    /// <summary>Gets or sets when the audit entry of a lookup must be durable. With <see cref="AuditDurability.Buffered"/> the entry is
    /// handed to the audit log's bounded buffer before the card is returned and committed (hash-chained, sealed) with the next group
    /// commit, within <see cref="AuditLogOptions.FlushInterval"/> and on graceful stop; a crash can lose the entries of that last
    /// interval. With <see cref="AuditDurability.Immediate"/> every lookup waits for its entry to be committed (tens of microseconds on
    /// SQLite, more on a remote database).</summary>
    /// <value>The default value is <see cref="AuditDurability.Buffered"/>.</value>
    public AuditDurability AuditDurability { get; set; } = AuditDurability.Buffered;
}
