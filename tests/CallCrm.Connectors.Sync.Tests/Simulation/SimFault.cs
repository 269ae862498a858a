namespace CallCrm.Connectors.Sync.Tests.Simulation;

/// <summary>A vendor fault the scheduler may inject into one CRM write.</summary>
internal enum SimFault
{
    None = 0,
    Unavailable = 1,
    RateLimited = 2,
    LostResponse = 3,
    Rejected = 4,
}
