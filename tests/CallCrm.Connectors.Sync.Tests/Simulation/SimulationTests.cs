using System.Globalization;

namespace CallCrm.Connectors.Sync.Tests.Simulation;

/// <summary>The deterministic simulation: many seeds, each a different interleaving of pulls, pushes, drains and replays across two
/// instances with crashes and vendor faults. CALLCRM_SIM_SEED=n replays one seed; CALLCRM_SIM_SEEDS=n sets how many run.</summary>
[TestFixture]
[NonParallelizable]
public sealed class SimulationTests
{
    private const int Operations = 30;

    private static readonly TimeSpan HangGuard = TimeSpan.FromSeconds(30);

    [Test]
    public async Task Every_seed_ends_with_each_record_in_the_crm_once_in_its_newest_version()
    {
        var seeds = Seeds();
        foreach (var seed in seeds)
        {
            var trace = new List<string>();
            var run = RunSeedAsync(seed, trace);

            // A seed that deadlocks is a failure too: the guard is wall-clock only because the virtual clock cannot see a deadlock.
            if (await Task.WhenAny(run, Task.Delay(HangGuard)) != run)
            {
                Assert.Fail($"Seed {seed} did not finish within {HangGuard} (replay: scripts/simulate.sh --seed {seed}). Trace so far:{Environment.NewLine}{string.Join(Environment.NewLine, trace.ToArray())}");
            }

            var violations = await run;
            if (violations.Count > 0)
            {
                Assert.Fail(
                    $"Seed {seed} failed (replay: CALLCRM_SIM_SEED={seed} scripts/simulate.sh --seed {seed}):{Environment.NewLine}" +
                    string.Join(Environment.NewLine, violations) + Environment.NewLine + "Trace:" + Environment.NewLine + string.Join(Environment.NewLine, trace));
            }
        }

        TestContext.Out.WriteLine($"{seeds.Count} seeds passed ({seeds[0]}..{seeds[^1]}).");
    }

    [Test]
    public async Task A_seed_always_gives_the_same_trace()
    {
        var first = new List<string>();
        var second = new List<string>();
        (await RunSeedAsync(4242, first)).Should().BeEmpty();
        (await RunSeedAsync(4242, second)).Should().BeEmpty();
        second.Should().Equal(first);
    }

    internal static async Task<List<string>> RunSeedAsync(int seed, List<string> trace)
    {
        await using var world = new SimWorld(seed, trace);
        await world.StartAsync();
        var scheduler = new SimScheduler(world);
        try
        {
            await scheduler.RunAsync(Operations);
        }
#pragma warning disable CA1031 // An escaped exception is a failed seed, reported with its trace.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            return [$"the simulation threw {ex}"];
        }

        return await SimChecks.ViolationsAsync(world, scheduler.Latest);
    }

    private static List<int> Seeds()
    {
        if (Environment.GetEnvironmentVariable("CALLCRM_SIM_SEED") is { Length: > 0 } one)
        {
            return [int.Parse(one, CultureInfo.InvariantCulture)];
        }

        var count = Environment.GetEnvironmentVariable("CALLCRM_SIM_SEEDS") is { Length: > 0 } n ? int.Parse(n, CultureInfo.InvariantCulture) : 500;
        var first = Environment.GetEnvironmentVariable("CALLCRM_SIM_FIRST_SEED") is { Length: > 0 } f ? int.Parse(f, CultureInfo.InvariantCulture) : 1;
        return Enumerable.Range(first, count).ToList();
    }
}
