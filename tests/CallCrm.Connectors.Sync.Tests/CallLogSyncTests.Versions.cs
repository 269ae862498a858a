using CallCrm.Connectors.Model;
using CallCrm.Connectors.Sync.Tests.TestProviders;
using NodaTime;

namespace CallCrm.Connectors.Sync.Tests;

/// <summary>Versions of one call arriving out of order: an older one is never sent over a newer or final one the sink holds.</summary>
public sealed partial class CallLogSyncTests
{
    [Test]
    public async Task IngestAsync_LateInProgressAfterCompleted_IsNotSentAndTheSinkKeepsCompleted()
    {
        var stream = NewStream();
        var completed = Calls.Make(1);
        var late = Calls.Make(1, isFinal: false);
        var first = stream.IngestAsync(completed).AsTask();
        await AdvanceUntilAsync(first, TimeSpan.FromSeconds(1));

        var second = stream.IngestAsync(late).AsTask();
        await AdvanceUntilAsync(second, TimeSpan.FromSeconds(1));

        (await second).Should().Be(IngestOutcome.Unchanged, "Twilio sends status callbacks out of order; a late 'in-progress' is old news");
        _sink.Held[completed.Key].Status.Should().Be(CallStatus.Completed);
        _sink.Writes[completed.Key].Should().Be(1);
    }

    [Test]
    public async Task IngestAsync_CompletedThenInProgressInOneBatch_SendsCompleted()
    {
        var stream = NewStream();
        var completed = Calls.Make(1);

        var both = Task.WhenAll(stream.IngestAsync(completed).AsTask(), stream.IngestAsync(Calls.Make(1, isFinal: false)).AsTask());
        await AdvanceUntilAsync(both, TimeSpan.FromSeconds(1));

        _sink.Held[completed.Key].Status.Should().Be(CallStatus.Completed, "of two versions in one batch the newest is sent, not the last to arrive");
        _sink.Writes[completed.Key].Should().Be(1);
    }

    [Test]
    public async Task IngestAsync_FinalVersionChangedEarlierThanTheDeliveredOne_IsNotSent()
    {
        var stream = NewStream();
        var newer = Calls.Make(1, disposition: "sale") with { UpdatedAt = Calls.Epoch + Duration.FromMinutes(10) };
        var older = Calls.Make(1, disposition: "no-sale") with { UpdatedAt = Calls.Epoch + Duration.FromMinutes(9) };
        var first = stream.IngestAsync(newer).AsTask();
        await AdvanceUntilAsync(first, TimeSpan.FromSeconds(1));

        var second = stream.IngestAsync(older).AsTask();
        await AdvanceUntilAsync(second, TimeSpan.FromSeconds(1));

        (await second).Should().Be(IngestOutcome.Unchanged);
        _sink.Held[newer.Key].Disposition.Should().Be("sale");
    }

    [Test]
    public async Task RunOnceAsync_ReReadingAnOlderVersionThanTheDeliveredOne_DoesNotSendIt()
    {
        // A second run over the same window (after a lease loss, from a lagging replica) reads an older version of a delivered call.
        var newer = Calls.Make(1, disposition: "sale") with { UpdatedAt = Calls.Epoch + Duration.FromMinutes(10) };
        _source.Put(newer);
        await NewStream().RunOnceAsync();
        _source.Put(Calls.Make(1, disposition: "no-sale") with { UpdatedAt = Calls.Epoch + Duration.FromMinutes(8) });

        var report = await NewStream().RunOnceAsync();

        report.Written.Should().Be(0);
        report.Unchanged.Should().Be(1);
        _sink.Held[newer.Key].Disposition.Should().Be("sale");
    }

    [Test]
    public async Task IngestAsync_LateInProgressWhileCompletedWaitsInTheOutbox_DoesNotReplaceIt()
    {
        var stream = NewStream();
        var completed = Calls.Make(1);
        _sink.Down = true;
        var first = stream.IngestAsync(completed).AsTask();
        await AdvanceUntilAsync(first, TimeSpan.FromSeconds(1));
        (await first).Should().Be(IngestOutcome.Buffered);

        var second = stream.IngestAsync(Calls.Make(1, isFinal: false)).AsTask();
        await AdvanceUntilAsync(second, TimeSpan.FromSeconds(1));
        _sink.Down = false;
        (await stream.DrainOutboxAsync()).Should().BeTrue();

        (await second).Should().Be(IngestOutcome.Unchanged, "a late 'in-progress' is older than the 'completed' waiting in the outbox");
        _sink.Held[completed.Key].Status.Should().Be(CallStatus.Completed);
    }
}
