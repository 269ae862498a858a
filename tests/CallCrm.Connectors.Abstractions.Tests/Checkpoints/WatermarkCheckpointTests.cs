using CallCrm.Connectors.Checkpoints;
using NodaTime;

namespace CallCrm.Connectors.Abstractions.Tests.Checkpoints;

public class WatermarkCheckpointTests
{
    private static readonly Instant T0 = Instant.FromUtc(2026, 11, 23, 14, 5);

    [Test]
    public void CompareTo_SameTimestamp_OrdersByIdOrdinally()
    {
        var a = new WatermarkCheckpoint(T0, "CA0001");
        var b = new WatermarkCheckpoint(T0, "CA0002");
        var lower = new WatermarkCheckpoint(T0, "ca0001");

        a.CompareTo(b).Should().BeNegative();
        (a < b).Should().BeTrue();
        // Ordinal, not culture-aware: upper case sorts before lower case, as in SQL binary collation.
        (a < lower).Should().BeTrue();
    }

    [Test]
    public void CompareTo_EarlierTimestamp_ComesFirstWhateverTheId()
    {
        var earlier = new WatermarkCheckpoint(T0, "zzz");
        var later = new WatermarkCheckpoint(T0 + Duration.FromMilliseconds(1), "aaa");

        (earlier < later).Should().BeTrue();
        WatermarkCheckpoint.Min(later, earlier).Should().Be(earlier);
    }

    [Test]
    public void IsBefore_RecordAtTheWatermark_IsNotAfterIt()
    {
        var mark = new WatermarkCheckpoint(T0, "CA5");

        mark.IsBefore(T0, "CA5").Should().BeFalse("the watermark's own record was delivered");
        mark.IsBefore(T0, "CA4").Should().BeFalse();
        mark.IsBefore(T0, "CA6").Should().BeTrue();
        mark.IsBefore(T0 - Duration.FromSeconds(1), "CA9").Should().BeFalse();
        WatermarkCheckpoint.Start.IsBefore(Instant.MinValue, "a").Should().BeTrue();
    }

    [Test]
    public void CursorCheckpoint_ToString_DoesNotRevealTheCursor()
    {
        var cursor = new CursorCheckpoint("https://vendor.example/delta?token=secret-token");

        cursor.ToString().Should().NotContain("secret-token").And.Contain("Length");
        cursor.Should().Be(new CursorCheckpoint("https://vendor.example/delta?token=secret-token"));
    }
}
