namespace CallCrm.Connectors.Hosting;

/// <summary>What a configured stream moves.</summary>
public enum ConnectorStreamKind
{
    /// <summary>Call records from a call source (<c>ICallSource</c>) to a CRM sink (<c>ICrmSink</c>).</summary>
    CallLog = 0,

    /// <summary>Customer tags from a CRM customer source (<c>ICustomerSource</c>) to a call-system sink (<c>ICallSystemSink</c>).</summary>
    Tags = 1,
}
