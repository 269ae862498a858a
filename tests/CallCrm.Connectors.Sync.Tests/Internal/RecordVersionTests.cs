using CallCrm.Connectors.State;
using CallCrm.Connectors.Sync.Internal;
using CallCrm.Connectors.Sync.Tests.TestProviders;
using NodaTime;

namespace CallCrm.Connectors.Sync.Tests.Internal;

public sealed class RecordVersionTests
{
    private static readonly Instant T1 = Calls.Epoch;
    private static readonly Instant T2 = Calls.Epoch + Duration.FromSeconds(1);

    private static readonly RecordVersion[] All =
    [
        new(false, null), new(false, T1), new(false, T2), new(true, null), new(true, T1), new(true, T2),
    ];

    [TestCase(true, null, false, null, ExpectedResult = true, Description = "IsNewerThan_FinalOverNotFinalWithoutTimes_IsNewer")]
    [TestCase(true, 1, false, 2, ExpectedResult = true, Description = "IsNewerThan_FinalChangedEarlierThanNotFinal_IsNewer_FinalityComesFirst")]
    [TestCase(false, 2, true, 1, ExpectedResult = false, Description = "IsNewerThan_NotFinalChangedLaterThanFinal_IsNotNewer")]
    [TestCase(true, 2, true, 1, ExpectedResult = true, Description = "IsNewerThan_BothFinal_LaterChangeIsNewer")]
    [TestCase(false, 2, false, 1, ExpectedResult = true, Description = "IsNewerThan_BothNotFinal_LaterChangeIsNewer")]
    [TestCase(true, 1, true, 2, ExpectedResult = false, Description = "IsNewerThan_BothFinal_EarlierChangeIsNotNewer")]
    [TestCase(true, 1, true, 1, ExpectedResult = false, Description = "IsNewerThan_SameVersion_IsNotNewer")]
    [TestCase(true, 2, true, null, ExpectedResult = false, Description = "IsNewerThan_OtherWithoutTime_IsNotNewer_OnlyFinalityOrders")]
    [TestCase(true, null, true, 2, ExpectedResult = false, Description = "IsNewerThan_ThisWithoutTime_IsNotNewer_OnlyFinalityOrders")]
    [TestCase(true, null, true, null, ExpectedResult = false, Description = "IsNewerThan_BothWithoutTimeSameFinality_IsNotNewer")]
    public bool IsNewerThan_Cases(bool final, int? second, bool otherFinal, int? otherSecond) =>
        new RecordVersion(final, At(second)).IsNewerThan(new RecordVersion(otherFinal, At(otherSecond)));

    [Test]
    public void IsNewerThan_EveryPair_IsAStrictPartialOrder()
    {
        foreach (var a in All)
        {
            a.IsNewerThan(a).Should().BeFalse("no version is newer than itself ({0})", a);
            foreach (var b in All)
            {
                if (a.IsNewerThan(b))
                {
                    b.IsNewerThan(a).Should().BeFalse("{0} is newer than {1}", a, b);
                    foreach (var c in All.Where(b.IsNewerThan))
                    {
                        a.IsNewerThan(c).Should().BeTrue("{0} > {1} > {2}", a, b, c);
                    }
                }
            }
        }
    }

    [Test]
    public void Of_RecordAndStampedEntry_RoundTrip()
    {
        var record = Calls.Make(1, isFinal: false) with { UpdatedAt = T2 };
        var entry = new LedgerEntry("calls", record.Key, "h", DeliveryStatus.Delivered, null, T1);

        var version = RecordVersion.Of(record);

        version.Should().Be(new RecordVersion(false, T2));
        RecordVersion.Of(version.On(entry)).Should().Be(version);
    }

    [Test]
    public void Of_EntryWithoutVersion_IsNull()
    {
        RecordVersion.Of(new LedgerEntry("calls", "k", "h", DeliveryStatus.Delivered, null, T1) { RecordUpdatedAt = T2 }).Should().BeNull(
            "finality is what every version has; an entry without it was written before versions were kept");
    }

    private static Instant? At(int? second) => second is { } s ? Calls.Epoch + Duration.FromSeconds(s - 1) : null;
}
