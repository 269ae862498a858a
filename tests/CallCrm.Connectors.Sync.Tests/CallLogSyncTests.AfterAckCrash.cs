using CallCrm.Connectors.Model;
using CallCrm.Connectors.Sync.Tests.TestProviders;
using NodaTime;

namespace CallCrm.Connectors.Sync.Tests;

/// <summary>A crash between the CRM's acknowledgement of a newer version and the commit recording it: a late older callback must not be
/// sent over the newer version the CRM holds (the simulation's "after-ack" failpoint).</summary>
public sealed partial class CallLogSyncTests
{
    [Test]
    public async Task IngestAsync_LateOlderCallbackAfterACrashBetweenAckAndCommit_IsNotSentOverTheNewer()
    {
        var newer = Calls.Make(1, isFinal: false, disposition: "talking") with { UpdatedAt = Calls.Epoch + Duration.FromMinutes(10) };
        var older = Calls.Make(1, isFinal: false, disposition: "ringing") with { UpdatedAt = Calls.Epoch + Duration.FromMinutes(9) };
        var dying = new DyingStore(Store);
        _sink.AfterWrite = _ => dying.Dead = true;
        await using (var engine = new SyncEngine(dying, Time))
        {
            var push = NewStream(engine).IngestAsync(newer).AsTask();
            await AdvanceUntilAsync(Task.WhenAny(push), TimeSpan.FromSeconds(1));
            push.IsFaulted.Should().BeTrue("the process died before the commit");
        }

        _sink.AfterWrite = null;
        _sink.Held[newer.Key].Disposition.Should().Be("talking", "the CRM took the newer version before the crash");

        // Restarted: the late status callback of the older version arrives.
        var late = NewStream().IngestAsync(older).AsTask();
        await AdvanceUntilAsync(late, TimeSpan.FromSeconds(1));

        (await late).Should().Be(IngestOutcome.Unchanged);
        _sink.Held[newer.Key].Disposition.Should().Be("talking", "an older version is never sent over a newer one the CRM holds");
    }
}
