using System.Diagnostics;
using System.Globalization;
using CallCrm.Connectors.Checkpoints;
using CallCrm.Connectors.State;
using NodaTime;

namespace CallCrm.Connectors.Storage.Sqlite.Tests;

/// <summary>Quick throughput figures, written to the test log. They assert what was stored, never how fast: the machine varies.
/// The benchmark project measures speed properly.</summary>
public class ThroughputTests
{
    private const int Batch = 1_000;
    private const int Batches = 100;

    [Test]
    public async Task LedgerAndCheckpointCommits_LogThroughput()
    {
        await using var db = new TempDatabase();
        var store = await db.OpenAsync();
        var batches = Enumerable.Range(0, Batches)
            .Select(b => Enumerable.Range(0, Batch).Select(i => StateStoreTestData.Ledger($"{b}-{i}", hash: "0123456789abcdef0123456789abcdef")).ToArray())
            .ToArray();

        var stopwatch = Measure.Start();
        for (var b = 0; b < Batches; b++)
        {
            await store.CommitAsync(new StateCommit("calls")
            {
                LedgerEntries = batches[b],
                Checkpoint = new WatermarkCheckpoint(StateStoreTestData.T0 + Duration.FromSeconds(b), b.ToString(CultureInfo.InvariantCulture)),
            });
        }

        stopwatch.Report("ledger + checkpoint commits", Batch * Batches);
        (await store.Ledger.CountAsync("calls", DeliveryStatus.Delivered)).Should().Be(Batch * Batches);
    }

    [Test]
    public async Task LedgerLookups_LogThroughput()
    {
        await using var db = new TempDatabase();
        var store = await db.OpenAsync();
        var keys = Enumerable.Range(0, Batch * Batches).Select(i => $"key-{i}").ToArray();
        await store.Ledger.UpsertAsync(keys.Select(k => StateStoreTestData.Ledger(k)).ToArray());

        var found = 0;
        var stopwatch = Measure.Start();
        foreach (var chunk in keys.Chunk(Batch))
        {
            found += (await store.Ledger.GetAsync("calls", chunk)).Count;
        }

        stopwatch.Report("ledger lookups", keys.Length);
        found.Should().Be(keys.Length);
    }

    [Test]
    public async Task OutboxAppends_LogThroughput()
    {
        await using var db = new TempDatabase();
        var store = await db.OpenAsync();
        var payload = new byte[256];
        var batches = Enumerable.Range(0, Batches)
            .Select(b => Enumerable.Range(0, Batch).Select(i => StateStoreTestData.Outbox($"{b}-{i}", partition: $"p{i % 97}", payload: payload)).ToArray())
            .ToArray();

        var stopwatch = Measure.Start();
        foreach (var batch in batches)
        {
            await store.Outbox.EnqueueAsync(batch);
        }

        stopwatch.Report("outbox appends (256-byte payloads)", Batch * Batches);
        (await store.Outbox.GetStatisticsAsync("calls")).Depth.Should().Be(Batch * Batches);
    }

    /// <summary>Wall-clock time and the process's CPU time: on a shared machine the CPU time per record is the steadier figure.</summary>
    private sealed class Measure
    {
        private readonly Stopwatch _wall = Stopwatch.StartNew();
        private readonly TimeSpan _cpuAtStart = Process.GetCurrentProcess().TotalProcessorTime;

        public static Measure Start() => new();

        public void Report(string what, int records)
        {
            var wall = _wall.Elapsed;
            var cpu = Process.GetCurrentProcess().TotalProcessorTime - _cpuAtStart;
            TestContext.Out.WriteLine(string.Create(
                CultureInfo.InvariantCulture,
                $"THROUGHPUT {what}: {records:N0} records (batches of {Batch:N0}) in {wall.TotalMilliseconds:N0} ms wall = {records / wall.TotalSeconds:N0} records/s; CPU {cpu.TotalMilliseconds:N0} ms = {records / cpu.TotalSeconds:N0} records per CPU-second"));
        }
    }
}
