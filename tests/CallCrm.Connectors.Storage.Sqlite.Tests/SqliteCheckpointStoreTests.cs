using CallCrm.Connectors.Checkpoints;
using CallCrm.Connectors.Errors;
using CallCrm.Connectors.State;
using NodaTime;

namespace CallCrm.Connectors.Storage.Sqlite.Tests;

public class SqliteCheckpointStoreTests : CheckpointStoreConformanceTests
{
    protected override Task<IConnectorStateStore> OpenStoreAsync(CancellationToken cancellationToken) => TempDatabase.OpenForTestAsync(DisposeAfterTest);

    [Test]
    public async Task SetAsync_Watermark_RoundTripsToTheNanosecondInTypedColumns()
    {
        await using var db = new TempDatabase();
        var store = await db.OpenAsync();
        var watermark = new WatermarkCheckpoint(StateStoreTestData.T0 + Duration.FromNanoseconds(123_456_789), "CA0042");

        await store.Checkpoints.SetAsync("calls", watermark);

        (await store.Checkpoints.GetAsync("calls")).Should().Be(watermark);
        (await store.Checkpoints.GetAsync("customers")).Should().BeNull();
        db.Scalar<string>("SELECT kind FROM checkpoints WHERE stream = 'calls'").Should().Be("watermark");
        db.Scalar<string>("SELECT tie_break_id FROM checkpoints WHERE stream = 'calls'").Should().Be("CA0042");
        db.Scalar<string>("SELECT watermark_at FROM checkpoints WHERE stream = 'calls'").Should().Be("2026-11-23T14:05:00.123456789Z");
        db.Scalar<long>("SELECT contract_version FROM checkpoints WHERE stream = 'calls'").Should().Be(1);
    }

    [Test]
    public async Task SetAsync_CursorOverWatermark_ReplacesIt()
    {
        await using var db = new TempDatabase();
        var store = await db.OpenAsync();
        await store.Checkpoints.SetAsync("calls", new WatermarkCheckpoint(StateStoreTestData.T0, "a"));

        await store.Checkpoints.SetAsync("calls", new CursorCheckpoint("delta-link?token=abc"));

        (await store.Checkpoints.GetAsync("calls")).Should().Be(new CursorCheckpoint("delta-link?token=abc"));
        db.Scalar<string>("SELECT watermark_at FROM checkpoints WHERE stream = 'calls'").Should().BeNull();
    }

    [Test]
    public async Task GetAsync_UnknownContractVersion_ThrowsUnsupportedContractVersion()
    {
        await using var db = new TempDatabase();
        var store = await db.OpenAsync();
        await store.Checkpoints.SetAsync("calls", new CursorCheckpoint("42"));
        db.Execute("UPDATE checkpoints SET contract_version = 2");

        var read = async () => await store.Checkpoints.GetAsync("calls");

        (await read.Should().ThrowAsync<ConnectorException>()).Which.Code.Should().Be(ConnectorErrorCode.UnsupportedContractVersion);
    }
}
