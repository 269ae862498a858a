using CallCrm.Connectors.Model;

namespace CallCrm.Connectors.Abstractions.Tests.Model;

public class ModelTests
{
    [Test]
    public void PhoneNumber_ToString_MasksAllButTheLastTwoDigits()
    {
        var number = new PhoneNumber("+86 138 0013 8000", "+8613800138000");

        number.ToString().Should().Be("************00").And.NotContain("138");
        PhoneNumber.Empty.ToString().Should().Be("(none)");
    }

    [Test]
    public void CustomerTag_Equality_IgnoresNameCaseButNotValueCase()
    {
        new CustomerTag("VIP").Should().Be(new CustomerTag("vip"));
        new CustomerTag("vip").GetHashCode().Should().Be(new CustomerTag("VIP").GetHashCode());
        new CustomerTag("language", "zh-CN").Should().NotBe(new CustomerTag("language", "ZH-cn"));
    }

    [Test]
    public void CallRecord_Key_JoinsSourceSystemAndId()
    {
        var call = new CallRecord { SourceSystem = "twilio", SourceId = "CA123" };

        call.Key.Should().Be("twilio:CA123");
        call.IsFinal.Should().BeTrue();
    }

    [TestCase(CallStatus.Completed, true)]
    [TestCase(CallStatus.NoAnswer, true)]
    [TestCase(CallStatus.InProgress, false)]
    [TestCase(CallStatus.Ringing, false)]
    [TestCase(CallStatus.Queued, false)]
    public void CallStatus_IsFinal_OnlyForEndedCalls(CallStatus status, bool final) =>
        status.IsFinal().Should().Be(final);
}
