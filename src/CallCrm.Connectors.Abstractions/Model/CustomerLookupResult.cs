using System.Collections.Generic;

namespace CallCrm.Connectors.Model;

/// <summary>The customers a CRM holds for one phone number: none (a new caller), one, or several candidates.</summary>
/// <param name="Matches">The customers found, best match first.</param>
public sealed record CustomerLookupResult(IReadOnlyList<CustomerMatch> Matches)
{
    /// <summary>Gets a result that found nobody.</summary>
    public static CustomerLookupResult NotFound { get; } = new([]);

    /// <summary>Gets whether nobody was found for the number.</summary>
    public bool IsNewCaller => Matches.Count == 0;
}
