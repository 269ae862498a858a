namespace CallCrm.Connectors.HubSpot;

/// <summary>The HubSpot subscription that sets the account's documented API burst limit.</summary>
public enum HubSpotAccountTier
{
    /// <summary>Free and Starter: 100 requests per rolling 10 seconds.</summary>
    FreeOrStarter = 0,

    /// <summary>Professional: 190 requests per rolling 10 seconds.</summary>
    Professional = 1,

    /// <summary>Enterprise: 190 requests per rolling 10 seconds.</summary>
    Enterprise = 2,

    /// <summary>Any tier with the API limit increase pack: 250 requests per rolling 10 seconds.</summary>
    ApiLimitIncrease = 3,
}
