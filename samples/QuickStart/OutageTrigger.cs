using CallCrm.Connectors.Sync;

namespace CallCrm.Connectors.QuickStart;

/// <summary>Passes progress on, and starts the HubSpot outage once a third of the calls are settled.</summary>
internal sealed class OutageTrigger(IProgress<SyncProgress> inner, long after, Action startOutage) : IProgress<SyncProgress>
{
    public void Report(SyncProgress value)
    {
        inner.Report(value);
        if (value.Written + value.Unchanged >= after)
        {
            startOutage();
        }
    }
}
