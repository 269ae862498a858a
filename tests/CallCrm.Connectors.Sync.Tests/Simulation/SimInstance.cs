using CallCrm.Connectors.Storage.Sqlite;
using CallCrm.Connectors.Sync.Tests.TestProviders;

namespace CallCrm.Connectors.Sync.Tests.Simulation;

/// <summary>One engine instance over the shared store file; after a crash it is discarded and a new one is built from the store.</summary>
internal sealed class SimInstance : IAsyncDisposable
{
    private SimInstance(string id) => Id = id;

    public string Id { get; }

    public bool Crashed { get; set; }

    /// <summary>Gets or sets whether the instance was paused at a scheduling point (another operation ran) since its last commit.</summary>
    public bool PausedSinceCommit { get; set; }

    public SyncEngine Engine { get; private set; } = null!;

    public CallLogSync Stream { get; private set; } = null!;

    /// <summary>Gets the stream leases of the shared file, as the product uses them with several instances (<see cref="SyncEngine.Leases"/>).</summary>
    public SimLeases Leases { get; private set; } = null!;

    public static async Task<SimInstance> StartAsync(SimWorld world, string id)
    {
        var instance = new SimInstance(id);
        var sqlite = (SqliteStateStore)await TestStore.OpenAsync(world.DatabasePath);
        var store = new SimStore(sqlite, world, instance);
        instance.Leases = new SimLeases(new SqliteStreamLeaseProvider(sqlite));

        // Pushes, drains and replays take the stream's lease per operation (or buffer / skip when the other instance holds it), and
        // every commit made under a lease carries its fencing token: what the product does when several instances share a store.
        instance.Engine = new SyncEngine(store, world.Clock) { Leases = instance.Leases };
        var options = new SyncOptions
        {
            MaxBatchSize = SimWorld.BatchSize,
            MaxConcurrency = 1,
            ChannelCapacity = 100,
            LookBack = TimeSpan.FromSeconds(2),
            MaxBatchDelay = world.Clock.BatchDelay,
            OutboxProbeInterval = TimeSpan.FromDays(40),

            // One end-of-run drain round: further rounds wait on the clock, which moves only between the scheduler's steps (a run
            // whose sink's circuit is open would wait for ever). The scheduler's drains and pulls play the later rounds.
            OutboxFinalDrainTimeout = TimeSpan.Zero,
        };
        options.Resilience.RetryBaseDelay = TimeSpan.Zero;
        options.Resilience.UseJitter = false;
        options.Resilience.MaxRetryAttempts = 1;
        instance.Stream = instance.Engine.AddCallLogStream(new CallLogStreamDefinition(SimWorld.StreamName, world.Source, new SimCrmSink(world, instance)) { Options = options });
        return instance;
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await Engine.DisposeAsync();
        }
#pragma warning disable CA1031 // A crashed instance may fail on the way down; it is discarded either way.
        catch (Exception)
#pragma warning restore CA1031
        {
        }

        await Engine.Store.DisposeAsync();
    }
}
