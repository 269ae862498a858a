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
            .Select(b => Enumerable.Range(0, Batch).Select(i => TestData.Ledger($"{b}-{i}", hash: "0123456789abcdef0123456789abcdef")).ToArray())
            .ToArray();

        var stopwatch = Stopwatch.StartNew();
        for (var b = 0; b < Batches; b++)
        {
            await store.CommitAsync(new StateCommit("calls")
            {
                LedgerEntries = batches[b],
                Checkpoint = new WatermarkCheckpoint(TestData.T0 + Duration.FromSeconds(b), b.ToString(CultureInfo.InvariantCulture)),
            });
        }

        stopwatch.Stop();
        Report("ledger + checkpoint commits", Batch * Batches, stopwatch.Elapsed);
        (await store.Ledger.CountAsync("calls", DeliveryStatus.Delivered)).Should().Be(Batch * Batches);
    }

    [Test]
    public async Task LedgerLookups_LogThroughput()
    {
        await using var db = new TempDatabase();
        var store = await db.OpenAsync();
        var keys = Enumerable.Range(0, Batch * Batches).Select(i => $"key-{i}").ToArray();
        await store.Ledger.UpsertAsync(keys.Select(k => TestData.Ledger(k)).ToArray());

        var found = 0;
        var stopwatch = Stopwatch.StartNew();
        foreach (var chunk in keys.Chunk(Batch))
        {
            found += (await store.Ledger.GetAsync("calls", chunk)).Count;
        }

        stopwatch.Stop();
        Report("ledger lookups", keys.Length, stopwatch.Elapsed);
        found.Should().Be(keys.Length);
    }

    [Test]
    public async Task OutboxAppends_LogThroughput()
    {
        await using var db = new TempDatabase();
        var store = await db.OpenAsync();
        var payload = new byte[256];
        var batches = Enumerable.Range(0, Batches)
            .Select(b => Enumerable.Range(0, Batch).Select(i => TestData.Outbox($"{b}-{i}", partition: $"p{i % 97}", payload: payload)).ToArray())
            .ToArray();

        var stopwatch = Stopwatch.StartNew();
        foreach (var batch in batches)
        {
            await store.Outbox.EnqueueAsync(batch);
        }

        stopwatch.Stop();
        Report("outbox appends (256-byte payloads)", Batch * Batches, stopwatch.Elapsed);
        (await store.Outbox.GetStatisticsAsync("calls")).Depth.Should().Be(Batch * Batches);
    }

    private static void Report(string what, int records, TimeSpan elapsed) =>
        TestContext.Out.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"THROUGHPUT {what}: {records:N0} records in {elapsed.TotalMilliseconds:N0} ms = {records / elapsed.TotalSeconds:N0} records/s (batches of {Batch:N0})"));
}
