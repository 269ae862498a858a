using CallCrm.Connectors.Checkpoints;
using CallCrm.Connectors.Errors;
using CallCrm.Connectors.State;
using NodaTime;

namespace CallCrm.Connectors.Storage.PostgreSql.Tests;

public class PostgreSqlCheckpointStoreTests : CheckpointStoreConformanceTests
{
    private static readonly WatermarkCheckpoint At100 = new(StateStoreTestData.T0 + Duration.FromSeconds(100), "call-100");

    protected override Task<IConnectorStateStore> OpenStoreAsync(CancellationToken cancellationToken) => TestSchema.OpenForTestAsync(DisposeAfterTest);

    [Test]
    public async Task SetAsync_OperatorReset_MovesTheWatermarkBack_EvenOverAnotherInstancesLaterOne()
    {
        await using var schema = new TestSchema();
        var engine = await schema.OpenAsync();
        var operatorTool = await schema.OpenAsync();
        await engine.CommitAsync(new StateCommit("calls") { Checkpoint = At100 });

        await operatorTool.Checkpoints.SetAsync("calls", WatermarkCheckpoint.Start);

        (await engine.Checkpoints.GetAsync("calls")).Should().Be(WatermarkCheckpoint.Start);
    }

    [Test]
    public async Task CommitAsync_SameInstance_MayMoveItsWatermarkBack()
    {
        await using var schema = new TestSchema();
        var store = await schema.OpenAsync();
        var earlier = new WatermarkCheckpoint(StateStoreTestData.T0, "call-1");
        await store.CommitAsync(new StateCommit("calls") { Checkpoint = At100 });

        // The engine does this when it finds a record that is not final behind the stored watermark.
        await store.CommitAsync(new StateCommit("calls") { Checkpoint = earlier });

        (await store.Checkpoints.GetAsync("calls")).Should().Be(earlier);
    }

    [Test]
    public async Task CommitAsync_AnotherInstancesEarlierWatermark_KeepsTheLaterOne_ButStoresTheRestOfTheCommit()
    {
        await using var schema = new TestSchema();
        var first = await schema.OpenAsync();
        var second = await schema.OpenAsync();
        await first.CommitAsync(new StateCommit("calls") { Checkpoint = At100 });

        await second.CommitAsync(new StateCommit("calls")
        {
            LedgerEntries = [StateStoreTestData.Ledger("late")],
            Checkpoint = new WatermarkCheckpoint(At100.Timestamp, "call-099"),
        });
        var later = new WatermarkCheckpoint(At100.Timestamp, "call-101");
        await second.CommitAsync(new StateCommit("calls") { Checkpoint = later });

        (await second.Ledger.GetAsync("calls", ["late"])).Should().ContainKey("late");
        (await first.Checkpoints.GetAsync("calls")).Should().Be(later, "a later watermark of another instance moves it forward");
    }

    [Test]
    public async Task CommitAsync_TwoInstancesRacing_TheStoredWatermarkNeverMovesBack()
    {
        await using var schema = new TestSchema();
        var stores = new[] { await schema.OpenAsync(), await schema.OpenAsync() };
        var observer = await schema.OpenAsync();
        const int commitsPerInstance = 60;
        var seen = new List<WatermarkCheckpoint>();
        using var stop = new CancellationTokenSource();

        // Each instance commits its own increasing watermarks, interleaved with the other's: instance 0 the even seconds, 1 the odd.
        var writers = stores.Select((store, instance) => Task.Run(async () =>
        {
            for (var i = 0; i < commitsPerInstance; i++)
            {
                var second = (2 * i) + instance;
                await store.CommitAsync(new StateCommit("calls") { Checkpoint = new WatermarkCheckpoint(StateStoreTestData.T0 + Duration.FromSeconds(second), "id") });
            }
        })).ToArray();
        var reader = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                if (await observer.Checkpoints.GetAsync("calls") is WatermarkCheckpoint watermark)
                {
                    seen.Add(watermark);
                }
            }
        });
        await Task.WhenAll(writers);
        await stop.CancelAsync();
        await reader;

        seen.Should().NotBeEmpty().And.BeInAscendingOrder(Comparer<WatermarkCheckpoint>.Default);
        (await observer.Checkpoints.GetAsync("calls")).Should().Be(new WatermarkCheckpoint(StateStoreTestData.T0 + Duration.FromSeconds((2 * commitsPerInstance) - 1), "id"));
    }

    [Test]
    public async Task GetAsync_UnknownContractVersion_FailsWithUnsupportedContractVersion()
    {
        await using var schema = new TestSchema();
        var store = await schema.OpenAsync();
        await store.Checkpoints.SetAsync("calls", new CursorCheckpoint("1"));
        await schema.ScalarAsync<int>("UPDATE checkpoints SET contract_version = 99;");

        var get = async () => await store.Checkpoints.GetAsync("calls");

        (await get.Should().ThrowAsync<ConnectorException>()).Which.Code.Should().Be(ConnectorErrorCode.UnsupportedContractVersion);
    }
}
