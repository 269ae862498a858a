using BenchmarkDotNet.Attributes;
using CallCrm.Connectors.Storage.Sqlite;
using CallCrm.Connectors.Sync;

namespace CallCrm.Connectors.Benchmarks;

/// <summary>The sync engine end to end: generated source → phone normalization and a mapping → ledger and checkpoints on a
/// SQLite file → counting sink (<see cref="RunOnce"/>), the degraded path where every record goes to the outbox
/// (<see cref="RunOnceIntoOutbox"/>), and the recovery where the CRM is back and the outbox drains (<see cref="DrainOutbox"/>).</summary>
/// <remarks>Each invocation is a first catch-up of <see cref="Records"/> new records on a fresh database file.
/// For records per second and peak working set over 100k and 1M records, run <c>-- --engine 100000</c> (see README).</remarks>
[MemoryDiagnoser]
[SimpleJob(launchCount: 1, warmupCount: 1, iterationCount: 5, invocationCount: 1)]
public class EngineBenchmarks
{
    private string _directory = string.Empty;
    private SqliteStateStore? _store;
    private SyncEngine? _engine;
    private CallLogSync? _stream;
    private EngineBenchmarkSetup.CountingSink? _sink;

    [Params(100_000)]
    public int Records { get; set; }

    [IterationSetup(Target = nameof(RunOnce))]
    public void SetUpRun() => SetUp(sinkDown: false);

    [IterationSetup(Target = nameof(RunOnceIntoOutbox))]
    public void SetUpOutbox() => SetUp(sinkDown: true);

    [IterationSetup(Target = nameof(DrainOutbox))]
    public void SetUpDrain()
    {
        SetUp(sinkDown: true);
        _stream!.RunOnceAsync().GetAwaiter().GetResult();
        _sink!.Down = false;
    }

    [IterationCleanup]
    public void CleanUp()
    {
        _engine!.DisposeAsync().AsTask().GetAwaiter().GetResult();
        _store!.Dispose();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }

    [Benchmark]
    public async Task<long> RunOnce() => (await _stream!.RunOnceAsync().ConfigureAwait(false)).Written;

    [Benchmark]
    public async Task<long> RunOnceIntoOutbox() => (await _stream!.RunOnceAsync().ConfigureAwait(false)).Buffered;

    [Benchmark]
    public async Task<long> DrainOutbox()
    {
        await _stream!.DrainOutboxAsync().ConfigureAwait(false);
        return _sink!.Written;
    }

    private void SetUp(bool sinkDown)
    {
        _directory = Path.Combine(Path.GetTempPath(), "callcrm-engine-bench", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_directory);
        (_store, _engine, _stream, _sink) = EngineBenchmarkSetup.CreateWithSinkAsync(_directory, Records, sinkDown).GetAwaiter().GetResult();
    }
}
