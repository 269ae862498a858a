namespace CallCrm.Connectors.VendorSimulator.Faults;

/// <summary>The systems the simulator plays; faults are set per vendor.</summary>
public enum SimulatedVendor
{
    /// <summary>Twilio Voice REST API 2010-04-01 (<c>/2010-04-01/...</c>).</summary>
    Twilio,

    /// <summary>HubSpot CRM API (<c>/crm/...</c>).</summary>
    HubSpot,

    /// <summary>The call system receiving signed tag webhooks (<c>/callsystem/...</c>).</summary>
    CallSystem,
}
