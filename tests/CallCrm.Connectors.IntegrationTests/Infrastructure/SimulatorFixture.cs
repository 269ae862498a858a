using CallCrm.Connectors.VendorSimulator;
using Microsoft.Extensions.Time.Testing;

namespace CallCrm.Connectors.IntegrationTests.Infrastructure;

/// <summary>What the simulator-backed tests share: the seed anchor, one fake clock per test for the simulator and the engine
/// (an hour after the anchor), and a temporary folder for the SQLite state file, deleted after the test.</summary>
public abstract class SimulatorFixture
{
    /// <summary>The simulator's seed anchor: the seeded calls and contacts lie before it.</summary>
    protected static readonly DateTimeOffset Anchor = new(2026, 11, 24, 15, 0, 0, TimeSpan.Zero);

    private string _directory = null!;

    /// <summary>Gets the clock the simulator and the engine share, an hour after <see cref="Anchor"/> at the start of each test.</summary>
    protected FakeTimeProvider Time { get; private set; } = null!;

    /// <summary>Gets the path of the test's SQLite state file, in a folder of its own.</summary>
    protected string StatePath => Path.Combine(_directory, "state.db");

    [SetUp]
    public void SetUpSimulatorFixture()
    {
        Time = new FakeTimeProvider(Anchor + TimeSpan.FromHours(1));
        _directory = Path.Combine(Path.GetTempPath(), "callcrm-it-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_directory);
    }

    [TearDown]
    public void TearDownSimulatorFixture()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // Left to the temp cleaner rather than failing the test.
        }
    }

    /// <summary>Starts the in-process simulator on a free port, seeded from <see cref="Anchor"/> and on <see cref="Time"/>.</summary>
    protected Task<VendorSimulatorHost> StartSimulatorAsync(int calls, int contacts, int seed) =>
        VendorSimulatorHost.StartAsync(new SimulatorOptions { Port = 0, Calls = calls, Contacts = contacts, Seed = seed, SeedAnchor = Anchor, TimeProvider = Time });

    /// <summary>Tags the first contacts in HubSpot, then moves the clock a second on: a read covers changes before its start
    /// (<c>ReadRequest.Until</c> is exclusive), so the tagging must lie in the past.</summary>
    /// <returns>How many contacts were tagged.</returns>
    protected async Task<int> TagContactsAsync(VendorSimulatorHost simulator, int count)
    {
        var tagged = await SimulatorAdmin.TagContactsAsync(simulator, count);
        Time.Advance(TimeSpan.FromSeconds(1));
        return tagged;
    }
}
