using CallCrm.Connectors.Http.RateLimiting;

namespace CallCrm.Connectors.Http.Tests.RateLimiting;

public class SlidingLogWindowTests
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    [Test]
    public void NextAvailable_Full_IsJustAfterTheOldestGrantLeavesThePeriod()
    {
        var window = new SlidingLogWindow(2, TimeSpan.FromSeconds(1));
        window.Record(T0, 1);
        window.Record(T0.AddMilliseconds(300), 1);

        window.Available(T0.AddMilliseconds(500)).Should().Be(0);
        window.NextAvailable(T0.AddMilliseconds(500), 1).Should().Be(T0.AddSeconds(1));
        window.NextAvailable(T0.AddMilliseconds(500), 2).Should().Be(T0.AddMilliseconds(1300));
        window.Available(T0.AddSeconds(1).AddTicks(-1)).Should().Be(0, "a grant counts until the end of its period");
        window.Available(T0.AddSeconds(1)).Should().Be(1, "a period is half-open, like the vendor's windows");
    }

    [Test]
    public void Record_WrapsAroundTheRingBuffer()
    {
        var window = new SlidingLogWindow(3, TimeSpan.FromSeconds(1));
        for (var i = 0; i < 10; i++)
        {
            var now = T0.AddSeconds(i * 2);
            window.Available(now).Should().Be(3);
            window.Record(now, 3);
            window.Available(now).Should().Be(0);
        }
    }

    [Test]
    public void Record_BeyondTheInitialCapacity_KeepsTheOldestFirst()
    {
        var window = new SlidingLogWindow(1000, TimeSpan.FromSeconds(10));
        for (var i = 0; i < 1000; i++)
        {
            window.Record(T0.AddMilliseconds(i), 1);
        }

        window.Available(T0.AddSeconds(1)).Should().Be(0);
        window.NextAvailable(T0.AddSeconds(1), 1).Should().Be(T0.AddSeconds(10));
        window.NextAvailable(T0.AddSeconds(1), 500).Should().Be(T0.AddSeconds(10).AddMilliseconds(499));
        window.Available(T0.AddSeconds(10).AddMilliseconds(99)).Should().Be(100);
    }
}
