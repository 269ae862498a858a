using CallCrm.Connectors.Model;
using CallCrm.Connectors.State;
using NodaTime;

namespace CallCrm.Connectors.Sync.Tests.Simulation;

/// <summary>Drives one seed: a sequence of operations chosen by the seeded random source, one at a time, with other operations run at
/// the CRM-write scheduling points of the one in flight (cooperative: only one thing makes progress at any moment, so a seed always
/// gives the same trace), then a quiet phase without faults.</summary>
internal sealed class SimScheduler(SimWorld world)
{
    private const int Keys = 5;
    private readonly List<CallRecord> _callbacks = [];
    private readonly Dictionary<string, CallRecord> _latest = new(StringComparer.Ordinal);
    private int _versions;

    public IReadOnlyDictionary<string, CallRecord> Latest => _latest;

    public async Task RunAsync(int operations)
    {
        world.Interleave = InterleaveAsync;
        for (var i = 0; i < operations; i++)
        {
            await TopLevelAsync(world.Next(100));
            await world.RestartCrashedAsync();
            world.Clock.Advance(TimeSpan.FromSeconds(1));
        }

        await QuietAsync();
    }

    private async Task TopLevelAsync(int roll)
    {
        var instance = world.Instances[world.Next(2)];
        switch (roll)
        {
            case < 30:
                UpdateSource();
                break;
            case < 55:
                await PushAsync(instance);
                break;
            case < 75:
                await GuardAsync(instance, "pull", () => PullAsync(instance));
                break;
            case < 85:
                await GuardAsync(instance, "drain", async () => world.Log($"  drained empty={await instance.Stream.DrainOutboxAsync()}"));
                break;
            case < 92:
                await GuardAsync(instance, "replay", () => ReplayAsync(instance));
                break;
            default:
                var seconds = world.Next(1, 90);
                world.Log($"clock +{seconds}s");
                world.Clock.Advance(TimeSpan.FromSeconds(seconds));
                break;
        }
    }

    /// <summary>At a scheduling point of an instance: runs a pull, drain or replay on the other instance before the write goes on.</summary>
    private async Task InterleaveAsync(SimInstance paused)
    {
        var other = world.Instances[paused == world.Instances[0] ? 1 : 0];
        Func<Task> operation = world.Next(3) switch
        {
            0 => () => GuardAsync(other, "  nested pull", () => PullAsync(other)),
            1 => () => GuardAsync(other, "  nested drain", async () => world.Log($"    drained empty={await other.Stream.DrainOutboxAsync()}")),
            _ => () => GuardAsync(other, "  nested replay", () => ReplayAsync(other)),
        };

        world.Depth++;
        try
        {
            // The other instance is another process: it must not inherit what flows with the paused operation (its stream lease, above
            // all), so the nested operation starts without the paused one's execution context. The paused one waits for it to end.
            Task nested;
            using (ExecutionContext.SuppressFlow())
            {
                nested = Task.Run(operation);
            }

            await nested;
        }
        finally
        {
            world.Depth--;
        }
    }

    /// <summary>The call system changes a call: a new version with a later change time, and (usually) a status callback for it.</summary>
    private void UpdateSource()
    {
        var n = world.Next(Keys);
        var id = "call-" + n.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var now = world.Now;
        CallRecord next;
        if (!_latest.TryGetValue(id, out var current))
        {
            var final = world.Chance(0.3);
            next = new CallRecord
            {
                SourceSystem = "memory-calls",
                SourceId = id,
                Direction = CallDirection.Inbound,
                From = new PhoneNumber("+8613800130000"),
                To = new PhoneNumber("+862100000000"),
                StartedAt = now - Duration.FromMinutes(1),
                EndedAt = final ? now : null,
                Status = final ? CallStatus.Completed : CallStatus.InProgress,
                IsFinal = final,
                UpdatedAt = now,
            };
        }
        else
        {
            var final = current.IsFinal || world.Chance(0.5);
            next = current with
            {
                IsFinal = final,
                Status = final ? CallStatus.Completed : CallStatus.InProgress,
                EndedAt = final ? now : null,
                UpdatedAt = now,
                // Every version changes content the CRM shows (a version differing only in its change time is the same activity).
                Disposition = "d" + (++_versions).ToString(System.Globalization.CultureInfo.InvariantCulture),
            };
        }

        _latest[id] = next;
        world.Source.Put(next);
        var callback = world.Chance(0.85);
        if (callback)
        {
            _callbacks.Add(next);
        }

        world.Log($"source {SimCrm.Describe(next)}{(callback ? string.Empty : " (callback lost)")}");
    }

    /// <summary>Delivers one pending status callback (any of them: callbacks arrive out of order) by push.</summary>
    private async Task PushAsync(SimInstance instance)
    {
        if (_callbacks.Count == 0)
        {
            return;
        }

        var index = world.Next(_callbacks.Count);
        var record = _callbacks[index];
        _callbacks.RemoveAt(index);
        world.Log($"{instance.Id} push {SimCrm.Describe(record)}");
        try
        {
            var timer = world.Clock.ExpectBatchTimer();
            var ingest = instance.Stream.IngestAsync(record).AsTask();
            if (await Task.WhenAny(ingest, timer) == timer)
            {
                world.Clock.Advance(world.Clock.BatchDelay);
            }

            world.Log($"  -> {await ingest}");
        }
#pragma warning disable CA1031 // A failed push is what a webhook sees as a 5xx: the call system retries later, as modelled here.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            world.Log($"  -> push failed: {ex.GetType().Name}");
            if (world.Chance(0.7))
            {
                _callbacks.Add(record);
            }
        }

        await instance.Leases.WhenIdle();
    }

    /// <summary>A run, under the stream's lease as a continuous run with leases takes it (skipped while the other instance holds it).</summary>
    private async Task PullAsync(SimInstance instance)
    {
        var lease = await instance.Leases.TryAcquireStreamLeaseAsync(SimWorld.StreamName);
        if (lease is null)
        {
            world.Log("    lease held by the other instance");
            return;
        }

        await using (lease)
        {
            var report = await instance.Stream.RunOnceAsync(new SyncRunOptions { Lease = lease });
            world.Log($"    {report.Outcome} read={report.Read} written={report.Written}");
        }
    }

    private async Task ReplayAsync(SimInstance instance)
    {
        var letters = await instance.Engine.Store.DeadLetters.ListAsync(new DeadLetterQuery(SimWorld.StreamName));
        if (letters.Count == 0)
        {
            return;
        }

        var result = await instance.Engine.DeadLetters.ReplayAsync(letters.Select(l => l.Id).ToList());
        world.Log($"    replayed={result.Replayed.Count} failing={result.StillFailing.Count}");
    }

    private async Task GuardAsync(SimInstance instance, string what, Func<Task> operation)
    {
        world.Log($"{instance.Id} {what}");
        try
        {
            await operation();
        }
#pragma warning disable CA1031 // Faults and crashes surface as failed operations; the checks judge the end state.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            world.Log($"    failed: {ex.GetType().Name} {ex.Message.Split('\n')[0]}");
        }
    }

    /// <summary>No more faults: restart both instances, let circuits close and backoffs expire, replay, drain and catch up.</summary>
    private async Task QuietAsync()
    {
        world.FaultsOn = false;
        world.Log("-- quiet --");
        world.Instances[0].Crashed = true;
        world.Instances[1].Crashed = true;
        await world.RestartCrashedAsync();
        world.Clock.Advance(TimeSpan.FromHours(2));
        var a = world.Instances[0];
        await GuardAsync(a, "replay", () => ReplayAsync(a));
        await GuardAsync(a, "drain", async () => world.Log($"  drained empty={await a.Stream.DrainOutboxAsync()}"));
        world.Clock.Advance(TimeSpan.FromSeconds(5));
        await GuardAsync(a, "pull", () => PullAsync(a));
        await GuardAsync(a, "drain", async () => world.Log($"  drained empty={await a.Stream.DrainOutboxAsync()}"));
    }
}
