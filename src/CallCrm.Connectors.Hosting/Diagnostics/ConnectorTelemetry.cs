namespace CallCrm.Connectors.Hosting.Diagnostics;

/// <summary>The names to subscribe to for the SDK's metrics and traces (for example with OpenTelemetry's <c>AddMeter</c> and <c>AddSource</c>).</summary>
public static class ConnectorTelemetry
{
    /// <summary>The meter every CallCrm.Connectors package reports on.</summary>
    public const string MeterName = "CallCrm.Connectors";

    /// <summary>The activity source of the hosting package (<c>callcrm.sink.write</c> spans). The engine traces runs and batches on <c>CallCrm.Connectors.Sync</c>.</summary>
    public const string ActivitySourceName = "CallCrm.Connectors";

    /// <summary>The activity source of the sync engine (<c>sync.run</c>, <c>sync.batch</c>).</summary>
    public const string SyncActivitySourceName = "CallCrm.Connectors.Sync";
}
