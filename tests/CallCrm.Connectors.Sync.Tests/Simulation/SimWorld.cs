using CallCrm.Connectors.Model;
using CallCrm.Connectors.Sync.Tests.TestProviders;
using NodaTime;

namespace CallCrm.Connectors.Sync.Tests.Simulation;

/// <summary>Everything one seed's run shares: the seeded random source every decision comes from, the virtual clock, the call system,
/// the CRM, the store file, the two instances (which share the stream's lease through the store, as the product does), and the trace.</summary>
internal sealed class SimWorld : IAsyncDisposable
{
    public const int BatchSize = 3;
    public const string StreamName = "sim-calls";

    private readonly Random _random;
    private readonly string _directory;
    private int _crashesLeft;

    public SimWorld(int seed, List<string> trace)
    {
        Trace = trace;
        Seed = seed;
        _random = new Random(seed);
        _directory = Path.Combine(Path.GetTempPath(), "callcrm-sim", $"{seed}-{Guid.NewGuid():N}");
        Directory.CreateDirectory(_directory);
        DatabasePath = Path.Combine(_directory, "state.db");
        Clock = new SimClock(new DateTimeOffset(2026, 6, 1, 0, 0, 0, TimeSpan.Zero), TimeSpan.FromSeconds(1));
        _crashesLeft = 3;
        FaultsOn = true;
    }

    public int Seed { get; }

    public string DatabasePath { get; }

    public SimClock Clock { get; }

    public InMemoryCallSource Source { get; } = new() { PageSize = 100 };

    public SimCrm Crm { get; } = new();

    public List<string> Trace { get; }

    public SimInstance[] Instances { get; } = new SimInstance[2];

    /// <summary>Gets or sets whether faults and crashes are injected (off for the final quiet phase).</summary>
    public bool FaultsOn { get; set; }

    /// <summary>Gets or sets the depth of nested operations (an operation run at another's scheduling point).</summary>
    public int Depth { get; set; }

    /// <summary>Gets or sets what runs at a scheduling point: the scheduler's hook to interleave another operation.</summary>
    public Func<SimInstance, Task>? Interleave { get; set; }

    public Instant Now => Instant.FromDateTimeOffset(Clock.GetUtcNow());

    public int Next(int maxExclusive) => _random.Next(maxExclusive);

    public int Next(int minInclusive, int maxExclusive) => _random.Next(minInclusive, maxExclusive);

    public bool Chance(double p) => _random.NextDouble() < p;

    public void Log(string line) => Trace.Add(line);

    public async Task StartAsync()
    {
        Instances[0] = await SimInstance.StartAsync(this, "A");
        Instances[1] = await SimInstance.StartAsync(this, "B");
    }

    /// <summary>A scheduling point before a CRM write: crashed instances stop here, and the scheduler may run another operation first.</summary>
    public async Task WritePointAsync(SimInstance instance, IReadOnlyList<CallRecord> batch)
    {
        if (instance.Crashed)
        {
            throw new SimulatedCrashException($"{instance.Id} is down");
        }

        if (Interleave is { } interleave && FaultsOn && Depth == 0 && Chance(0.3))
        {
            Log($"  {instance.Id} paused before writing {string.Join(",", batch.Select(SimCrm.Describe))}");
            instance.PausedSinceCommit = true;
            await interleave(instance);
        }

        if (instance.Crashed)
        {
            throw new SimulatedCrashException($"{instance.Id} is down");
        }
    }

    public SimFault DrawFault()
    {
        if (!FaultsOn)
        {
            return SimFault.None;
        }

        var roll = _random.NextDouble();
        return roll switch
        {
            < 0.08 => SimFault.Unavailable,
            < 0.12 => SimFault.RateLimited,
            < 0.18 => SimFault.LostResponse,
            < 0.20 => SimFault.Rejected,
            _ => SimFault.None,
        };
    }

    /// <summary>Decides whether the instance crashes at the named failpoint.</summary>
    public bool Crash(SimInstance instance, string failpoint) =>
        FaultsOn && !instance.Crashed && _crashesLeft > 0 && Chance(failpoint == "before-commit" ? 0.03 : 0.04);

    public void CrashNow(SimInstance instance, string failpoint)
    {
        if (!instance.Crashed)
        {
            instance.Crashed = true;
            _crashesLeft--;
            Log($"  CRASH {instance.Id} at {failpoint}");
        }

        throw new SimulatedCrashException($"{instance.Id} crashed at {failpoint}");
    }

    /// <summary>Discards crashed instances and builds new ones from the store, as a restarted process would.</summary>
    public async Task RestartCrashedAsync()
    {
        for (var i = 0; i < Instances.Length; i++)
        {
            if (Instances[i].Crashed)
            {
                var id = Instances[i].Id;
                await Instances[i].DisposeAsync();

                Instances[i] = await SimInstance.StartAsync(this, id);
                Log($"  restart {id}");
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var instance in Instances)
        {
            if (instance is not null)
            {
                await instance.DisposeAsync();
            }
        }

        try
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
