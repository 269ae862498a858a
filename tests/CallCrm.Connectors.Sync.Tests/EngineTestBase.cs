using CallCrm.Connectors.State;
using CallCrm.Connectors.Sync.Tests.TestProviders;

namespace CallCrm.Connectors.Sync.Tests;

/// <summary>A fake clock, a state store in a temporary file, and helpers to (re)start an engine over it.</summary>
public abstract class EngineTestBase
{
    private readonly List<IAsyncDisposable> _disposables = [];

    protected WatchedTimeProvider Time { get; private set; } = null!;

    protected string DatabasePath { get; private set; } = null!;

    protected IConnectorStateStore Store { get; private set; } = null!;

    private string _directory = null!;

    [SetUp]
    public async Task SetUpStoreAsync()
    {
        Time = new WatchedTimeProvider(new DateTimeOffset(2026, 6, 1, 0, 0, 0, TimeSpan.Zero));
        _directory = Path.Combine(Path.GetTempPath(), "callcrm-sync-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_directory);
        DatabasePath = Path.Combine(_directory, "state.db");
        Store = await TestStore.OpenAsync(DatabasePath);
    }

    [TearDown]
    public async Task TearDownStoreAsync()
    {
        for (var i = _disposables.Count - 1; i >= 0; i--)
        {
            await _disposables[i].DisposeAsync();
        }

        _disposables.Clear();
        await Store.DisposeAsync();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    /// <summary>Closes the store and opens it again from its file, as a restarted process would.</summary>
    protected async Task RestartStoreAsync()
    {
        await Store.DisposeAsync();
        Store = await TestStore.OpenAsync(DatabasePath);
    }

    protected SyncEngine NewEngine(System.Diagnostics.Metrics.IMeterFactory? meterFactory = null)
    {
        var engine = new SyncEngine(Store, Time, meterFactory: meterFactory);
        _disposables.Add(engine);
        return engine;
    }

    /// <summary>Moves the fake clock in small steps until the task completes, yielding between steps so that work on other threads goes on.</summary>
    protected async Task AdvanceUntilAsync(Task task, TimeSpan step, int maxSteps = 100_000)
    {
        for (var i = 0; i < maxSteps && !task.IsCompleted; i++)
        {
            // Only move time when nothing else can run: a few yields let continuations reach their next timer first.
            for (var y = 0; y < 20 && !task.IsCompleted; y++)
            {
                await Task.Yield();
            }

            if (!task.IsCompleted)
            {
                Time.Advance(step);
            }
        }

        task.IsCompleted.Should().BeTrue("the fake clock was moved far enough");
        await task;
    }

    protected static SyncOptions FastOptions(Action<SyncOptions>? configure = null)
    {
        // Retries without delay so that tests need not move the clock for them; breaker and batch delays stay on the fake clock.
        var options = new SyncOptions { MaxBatchSize = 100, MaxConcurrency = 4, ChannelCapacity = 500, LookBack = TimeSpan.FromMinutes(5), MaxBatchDelay = TimeSpan.FromSeconds(1) };
        options.Resilience.RetryBaseDelay = TimeSpan.Zero;
        options.Resilience.UseJitter = false;
        options.Resilience.MaxRetryAttempts = 2;

        // One end-of-run drain, no waiting on the frozen clock for the sink to recover (FlakySinkTests cover the waiting drain).
        options.OutboxFinalDrainTimeout = TimeSpan.Zero;
        configure?.Invoke(options);
        return options;
    }
}
