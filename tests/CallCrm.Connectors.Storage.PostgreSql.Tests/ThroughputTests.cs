using System.Diagnostics;
using System.Globalization;
using CallCrm.Connectors.Checkpoints;
using CallCrm.Connectors.State;
using NodaTime;

namespace CallCrm.Connectors.Storage.PostgreSql.Tests;

/// <summary>Quick throughput figures against the local test server, written to the test log. They assert what was stored, never how
/// fast: the machine varies.</summary>
public class ThroughputTests
{
    private const int Batch = 1_000;
    private const int Batches = 20;

    [Test]
    public async Task LedgerAndCheckpointCommitsThenOutboxAppends_LogThroughput()
    {
        await using var schema = new TestSchema();
        var store = await schema.OpenAsync();
        var ledger = Enumerable.Range(0, Batches)
            .Select(b => Enumerable.Range(0, Batch).Select(i => StateStoreTestData.Ledger($"{b}-{i}", hash: "0123456789abcdef0123456789abcdef")).ToArray())
            .ToArray();
        var outbox = Enumerable.Range(0, Batches)
            .Select(b => Enumerable.Range(0, Batch).Select(i => StateStoreTestData.Outbox($"{b}-{i}", partition: $"p{i % 50}", payload: new byte[300])).ToArray())
            .ToArray();

        var stopwatch = Stopwatch.StartNew();
        for (var b = 0; b < Batches; b++)
        {
            await store.CommitAsync(new StateCommit("calls")
            {
                LedgerEntries = ledger[b],
                Checkpoint = new WatermarkCheckpoint(StateStoreTestData.T0 + Duration.FromSeconds(b), b.ToString(CultureInfo.InvariantCulture)),
            });
        }

        Report("ledger + checkpoint commits", stopwatch);
        stopwatch.Restart();
        foreach (var batch in outbox)
        {
            await store.Outbox.EnqueueAsync(batch);
        }

        Report("outbox appends", stopwatch);
        (await store.Ledger.CountAsync("calls", DeliveryStatus.Delivered)).Should().Be(Batch * Batches);
        (await store.Outbox.GetStatisticsAsync("calls")).Depth.Should().Be(Batch * Batches);
    }

    private static void Report(string what, Stopwatch stopwatch) =>
        TestContext.Out.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"{what}: {Batch * Batches:N0} rows in batches of {Batch:N0} in {stopwatch.Elapsed.TotalMilliseconds:N0} ms = {Batch * Batches / stopwatch.Elapsed.TotalSeconds:N0} rows/s"));
}
