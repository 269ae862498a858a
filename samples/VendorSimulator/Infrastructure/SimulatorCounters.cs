using System.Threading;

namespace CallCrm.Connectors.VendorSimulator.Infrastructure;

/// <summary>Request and fault counters, exact under concurrency (Interlocked).</summary>
internal sealed class SimulatorCounters
{
    private long requests;
    private long throttled;
    private long tagsPushed;
    private long tagPushReplays;
    private long errorsInjected;
    private long timeoutsInjected;
    private long dropsInjected;
    private long lostResponses;
    private long outageRejections;

    public long Requests => Interlocked.Read(ref requests);

    public long Throttled => Interlocked.Read(ref throttled);

    public long TagsPushed => Interlocked.Read(ref tagsPushed);

    public long TagPushReplays => Interlocked.Read(ref tagPushReplays);

    public long ErrorsInjected => Interlocked.Read(ref errorsInjected);

    public long TimeoutsInjected => Interlocked.Read(ref timeoutsInjected);

    public long DropsInjected => Interlocked.Read(ref dropsInjected);

    public long LostResponses => Interlocked.Read(ref lostResponses);

    public long OutageRejections => Interlocked.Read(ref outageRejections);

    public void Request() => Interlocked.Increment(ref requests);

    public void Throttle() => Interlocked.Increment(ref throttled);

    public void TagPushed() => Interlocked.Increment(ref tagsPushed);

    public void TagPushReplayed() => Interlocked.Increment(ref tagPushReplays);

    public void ErrorInjected() => Interlocked.Increment(ref errorsInjected);

    public void TimeoutInjected() => Interlocked.Increment(ref timeoutsInjected);

    public void DropInjected() => Interlocked.Increment(ref dropsInjected);

    public void ResponseLost() => Interlocked.Increment(ref lostResponses);

    public void OutageRejected() => Interlocked.Increment(ref outageRejections);

    public void Reset()
    {
        Interlocked.Exchange(ref requests, 0);
        Interlocked.Exchange(ref throttled, 0);
        Interlocked.Exchange(ref tagsPushed, 0);
        Interlocked.Exchange(ref tagPushReplays, 0);
        Interlocked.Exchange(ref errorsInjected, 0);
        Interlocked.Exchange(ref timeoutsInjected, 0);
        Interlocked.Exchange(ref dropsInjected, 0);
        Interlocked.Exchange(ref lostResponses, 0);
        Interlocked.Exchange(ref outageRejections, 0);
    }
}
