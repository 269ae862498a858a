namespace CallCrm.Connectors.VendorSimulator.Faults;

/// <summary>How a vendor behaves during an outage.</summary>
public enum OutageMode
{
    /// <summary>Every request gets 503 Service Unavailable with the vendor's error body.</summary>
    ServiceUnavailable,

    /// <summary>Every connection is aborted before any response is written.</summary>
    DropConnection,
}
