using System.Diagnostics;

namespace CallCrm.Connectors.Sync.Diagnostics;

/// <summary>Traces of runs and batches, on the activity source <c>CallCrm.Connectors.Sync</c>.</summary>
internal static class SyncActivitySource
{
    public const string Name = "CallCrm.Connectors.Sync";

    public static readonly ActivitySource Source = new(Name, typeof(SyncActivitySource).Assembly.GetName().Version?.ToString());
}
