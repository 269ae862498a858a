using System;

namespace CallCrm.Connectors.Security.Lookup;

/// <summary>Configures <see cref="SecureCustomerLookup"/>. Bind from configuration (section <c>CallCrm:Security:Lookup</c> by convention).</summary>
public sealed class SecureCustomerLookupOptions
{
    /// <summary>Gets or sets how far back the tickets and calls of a screen-pop card reach.</summary>
    /// <value>The default value is 90 days.</value>
    public TimeSpan HistoryWindow { get; set; } = TimeSpan.FromDays(90);

    /// <summary>Gets or sets how many customers a lookup returns at most when several share a number.</summary>
    /// <value>The default value is 5.</value>
    public int MaxCandidates { get; set; } = 5;

    /// <summary>Gets or sets the service key of the <see cref="Providers.ICustomerLookup"/> to wrap, when several providers are
    /// registered as keyed services (for example <c>"hubspot"</c>).</summary>
    /// <value>The default value is <see langword="null"/>: the unkeyed <see cref="Providers.ICustomerLookup"/>.</value>
    public string? LookupServiceKey { get; set; }
}
