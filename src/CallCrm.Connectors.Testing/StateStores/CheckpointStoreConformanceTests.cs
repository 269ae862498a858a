using System.Threading.Tasks;
using CallCrm.Connectors.Checkpoints;
using FluentAssertions;
using NodaTime;
using NUnit.Framework;

namespace CallCrm.Connectors.Testing.StateStores;

/// <summary>The conformance tests of a state store's <see cref="State.ICheckpointStore"/>: derive this fixture in the store's test project and implement <see cref="StateStoreConformanceFixture.OpenStoreAsync"/>.</summary>
public abstract class CheckpointStoreConformanceTests : StateStoreConformanceFixture
{
    /// <summary>A stream never given a checkpoint has none.</summary>
    /// <returns>A task that completes when the test passed.</returns>
    [Test]
    public async Task GetAsync_NeverSet_ReturnsNull()
    {
        (await Store.Checkpoints.GetAsync("calls").ConfigureAwait(false)).Should().BeNull();
    }

    /// <summary>A watermark is stored to the nanosecond with its tie-break identifier, including <see cref="WatermarkCheckpoint.Start"/> and times before 1970.</summary>
    /// <returns>A task that completes when the test passed.</returns>
    [Test]
    public async Task SetAsync_Watermark_RoundTripsToTheNanosecond_IncludingTheStartWatermark()
    {
        var precise = new WatermarkCheckpoint(StateStoreTestData.T0 + Duration.FromNanoseconds(123_456_789), "日本-42");
        var beforeEpoch = new WatermarkCheckpoint(Instant.FromUtc(1900, 1, 1, 0, 0) + Duration.FromNanoseconds(1), "x");

        await Store.Checkpoints.SetAsync("precise", precise).ConfigureAwait(false);
        await Store.Checkpoints.SetAsync("start", WatermarkCheckpoint.Start).ConfigureAwait(false);
        await Store.Checkpoints.SetAsync("before-epoch", beforeEpoch).ConfigureAwait(false);

        (await Store.Checkpoints.GetAsync("precise").ConfigureAwait(false)).Should().Be(precise);
        (await Store.Checkpoints.GetAsync("start").ConfigureAwait(false)).Should().Be(WatermarkCheckpoint.Start);
        (await Store.Checkpoints.GetAsync("before-epoch").ConfigureAwait(false)).Should().Be(beforeEpoch);
    }

    /// <summary>A cursor is stored, and setting no checkpoint removes it so the stream starts from the beginning.</summary>
    /// <returns>A task that completes when the test passed.</returns>
    [Test]
    public async Task SetAsync_CursorThenNull_StoresThenDeletes()
    {
        await Store.Checkpoints.SetAsync("calls", new CursorCheckpoint("page-7")).ConfigureAwait(false);
        (await Store.Checkpoints.GetAsync("calls").ConfigureAwait(false)).Should().Be(new CursorCheckpoint("page-7"));

        await Store.Checkpoints.SetAsync("calls", null).ConfigureAwait(false);
        (await Store.Checkpoints.GetAsync("calls").ConfigureAwait(false)).Should().BeNull();
    }
}
