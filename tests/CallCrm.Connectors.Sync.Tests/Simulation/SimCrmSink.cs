using CallCrm.Connectors.Errors;
using CallCrm.Connectors.Model;
using CallCrm.Connectors.Providers;

namespace CallCrm.Connectors.Sync.Tests.Simulation;

/// <summary>One instance's connection to the <see cref="SimCrm"/>: every write is a scheduling point, and the scheduler injects
/// vendor faults (5xx, 429, a permanent rejection, a lost response: applied but reported as failed) and crashes
/// (mid batch, after the CRM acknowledged).</summary>
internal sealed class SimCrmSink(SimWorld world, SimInstance instance) : ICrmSink
{
    public string Name => "sim-crm";

    public SinkCapabilities Capabilities { get; } = new() { MaxBatchSize = SimWorld.BatchSize, MaxConcurrency = 1, SupportsUpsertByExternalId = true };

    public async ValueTask<IReadOnlyList<RecordOutcome>> WriteAsync(IReadOnlyList<CallRecord> batch, CancellationToken cancellationToken = default)
    {
        await world.WritePointAsync(instance, batch).ConfigureAwait(false);
        var fault = world.DrawFault();
        world.Log($"  {instance.Id} write {string.Join(",", batch.Select(SimCrm.Describe))}{(fault == SimFault.None ? string.Empty : " " + fault)}");
        switch (fault)
        {
            case SimFault.Unavailable:
                throw Transient(ConnectorErrorCode.ServiceUnavailable, 503);
            case SimFault.RateLimited:
                throw Transient(ConnectorErrorCode.RateLimited, 429);
        }

        var outcomes = new List<RecordOutcome>(batch.Count);
        var crashAfter = batch.Count > 1 && world.Crash(instance, "mid-batch") ? world.Next(1, batch.Count) : -1;
        for (var i = 0; i < batch.Count; i++)
        {
            if (i == crashAfter)
            {
                world.CrashNow(instance, $"mid-batch after {i} of {batch.Count}");
            }

            var record = batch[i];
            if (fault == SimFault.Rejected && i == 0)
            {
                outcomes.Add(RecordOutcome.Failed(record.Key, new ConnectorError { Code = ConnectorErrorCode.ValidationFailed, SystemName = Name, HttpStatus = 400 }));
                continue;
            }

            world.Crm.Apply(record, instance.Id, instance.PausedSinceCommit);
            outcomes.Add(RecordOutcome.Written(record.Key, "crm-" + record.SourceId));
        }

        if (world.Crash(instance, "after-ack"))
        {
            world.CrashNow(instance, "after-ack");
        }

        if (fault == SimFault.LostResponse)
        {
            throw Transient(ConnectorErrorCode.Timeout, null);
        }

        return outcomes;
    }

    private ConnectorException Transient(ConnectorErrorCode code, int? status) =>
        new(new ConnectorError { Code = code, IsTransient = true, SystemName = Name, HttpStatus = status });
}
