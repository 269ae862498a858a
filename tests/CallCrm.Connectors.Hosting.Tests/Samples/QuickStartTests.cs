using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace CallCrm.Connectors.Hosting.Tests.Samples;

/// <summary>Runs the quick start as users do, so the sample cannot rot.</summary>
[NonParallelizable]
public sealed partial class QuickStartTests
{
    private static readonly TimeSpan RunTimeout = TimeSpan.FromMinutes(2);
    private string _directory = null!;

    [SetUp]
    public void SetUp()
    {
        _directory = Path.Combine(Path.GetTempPath(), "callcrm-quickstart-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_directory);
    }

    [TearDown]
    public void TearDown()
    {
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    [Test]
    public async Task Run_InProcessSimulator_ExitsZeroWithSummaryAndCard_AndASecondRunResendsNothing()
    {
        using var first = SampleProcess.Start("QuickStartPath", _directory, "--calls", "120");
        var firstExit = await first.WaitForExitAsync(RunTimeout);

        using var second = SampleProcess.Start("QuickStartPath", _directory, "--calls", "120");
        var secondExit = await second.WaitForExitAsync(RunTimeout);

        firstExit.Should().Be(0, first.Error);
        SummaryRow(first.Output, "twilio-to-hubspot").Should().Equal([120, 120, 0, 0], "read, written, buffered and dead letters of the first run");
        first.Output.Should().Contain("Screen-pop card").And.MatchRegex(@"Incoming call from \*+\d{2}\s");
        first.Output.Should().MatchRegex(@"recent calls: [1-9]\d*\s", "the caller's calls were synced to HubSpot before the card is read")
            .And.MatchRegex(@"\|\s+Call: \d{4}-\d{2}-\d{2} \d{2}:\d{2} UTC Inbound")
            .And.Contain("Audit log: the lookup is recorded");
        File.Exists(Path.Combine(_directory, "callcrm-quickstart.db")).Should().BeTrue("the default state file is under the working folder");
        secondExit.Should().Be(0, second.Error);
        var again = SummaryRow(second.Output, "twilio-to-hubspot");
        again[0].Should().BeLessThan(120, "the second run resumes from the checkpoint instead of reading everything");
        // The simulator seeds 3 calls still in progress at its anchor: the checkpoint stops before them, so they are the only ones that may go out again.
        again[1].Should().BeLessThanOrEqualTo(3, "final calls already sent are never sent again");
        second.Output.Should().Contain("Incremental run: resumed from the checkpoint");
    }

    [Test]
    public async Task Run_Outage_BuffersWhileHubSpotIsDownThenReplaysEverything()
    {
        using var run = SampleProcess.Start("QuickStartPath", _directory, "--calls", "300", "--outage");

        var exit = await run.WaitForExitAsync(RunTimeout);

        exit.Should().Be(0, run.Error);
        SummaryRow(run.Output, "twilio-to-hubspot")[2].Should().BeGreaterThan(0, "calls read during the outage are buffered");
        run.Output.Should().Contain("calls were kept in the durable outbox").And.Contain("HubSpot received 300 calls this run (0 duplicates").And.Contain("outbox: 0.");
    }

    [Test]
    public async Task Run_BadArgument_ExitsNonZeroWithOneLineReason()
    {
        using var run = SampleProcess.Start("QuickStartPath", _directory, "--calls", "many");

        var exit = await run.WaitForExitAsync(RunTimeout);

        exit.Should().NotBe(0);
        run.Error.Trim().Should().StartWith("QuickStart: --calls must be").And.NotContain(Environment.NewLine);
    }

    [Test]
    public async Task Run_KilledMidRunAndStartedAgain_StoresEveryCallExactlyOnce()
    {
        const int Calls = 2000;
        using var simulator = SampleProcess.Start("VendorSimulatorPath", _directory, "--port", "0", "--calls", Calls.ToString(System.Globalization.CultureInfo.InvariantCulture));
        await simulator.WaitForOutputAsync("listening on", TimeSpan.FromSeconds(60));
        var url = ListeningUrl().Match(simulator.Output).Groups[1].Value;
        using var http = new HttpClient { BaseAddress = new Uri(url) };
        // 100 ms per HubSpot request: 20 batches take long enough after the first one lands for the kill to hit mid-run.
        (await http.PostAsJsonAsync("_sim/faults", new { vendor = "hubspot", latencyMs = 100 })).EnsureSuccessStatusCode();
        var state = Path.Combine(_directory, "killed.db");

        using (var killed = SampleProcess.Start("QuickStartPath", _directory, "--simulator-url", url, "--state", state))
        {
            using var timeout = new CancellationTokenSource(RunTimeout);
            while ((await SimStateAsync(http)).HubSpotCalls == 0)
            {
                await Task.Delay(20, timeout.Token);
            }

            killed.KillHard();
            await killed.WaitForExitAsync(TimeSpan.FromSeconds(30));
        }

        var afterKill = await SimStateAsync(http);
        using var restarted = SampleProcess.Start("QuickStartPath", _directory, "--simulator-url", url, "--state", state);
        var exit = await restarted.WaitForExitAsync(RunTimeout);
        var final = await SimStateAsync(http);

        afterKill.HubSpotCalls.Should().BeLessThan(Calls, "the kill must land mid-run for the test to mean anything");
        exit.Should().Be(0, restarted.Error);
        final.HubSpotCalls.Should().Be(Calls);
        final.Duplicates.Should().Be(0);
    }

    private static async Task<(int HubSpotCalls, int Duplicates)> SimStateAsync(HttpClient http)
    {
        using var state = (await http.GetFromJsonAsync<JsonDocument>("_sim/state"))!;
        return (state.RootElement.GetProperty("hubspotCalls").GetInt32(), state.RootElement.GetProperty("hubspotDuplicateCalls").GetInt32());
    }

    /// <summary>Read, written, buffered and dead letters of a stream's row in the summary table.</summary>
    private static long[] SummaryRow(string output, string stream)
    {
        var line = output.Split('\n').Single(l => Regex.IsMatch(l, "^" + Regex.Escape(stream) + @"\s+\d"));
        var numbers = line[stream.Length..].Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(long.Parse).Take(6).ToArray();
        return [numbers[0], numbers[1], numbers[4], numbers[5]];
    }

    [GeneratedRegex(@"listening on (http://127\.0\.0\.1:\d+/)")]
    private static partial Regex ListeningUrl();
}
