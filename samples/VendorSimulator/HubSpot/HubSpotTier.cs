namespace CallCrm.Connectors.VendorSimulator.HubSpot;

/// <summary>
/// HubSpot subscription tiers, which set the documented private-app limits (API usage guidelines):
/// Free/Starter 100 per 10 s and 250,000 a day; Professional 190 per 10 s and 625,000 a day; Enterprise 190 per 10 s
/// and 1,000,000 a day; the API limit increase pack 250 per 10 s and 1,000,000 more a day.
/// </summary>
public enum HubSpotTier
{
    /// <summary>Free or Starter.</summary>
    FreeOrStarter,

    /// <summary>Professional.</summary>
    Professional,

    /// <summary>Enterprise.</summary>
    Enterprise,

    /// <summary>Professional or Enterprise with the API limit increase capacity pack.</summary>
    ApiLimitIncrease,
}
