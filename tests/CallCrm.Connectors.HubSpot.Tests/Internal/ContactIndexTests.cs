using CallCrm.Connectors.HubSpot.Internal;

namespace CallCrm.Connectors.HubSpot.Tests.Internal;

public sealed class ContactIndexTests
{
    [TestCase("+13055550100", "5550100")]
    [TestCase("(305) 555-0100", "5550100")]
    [TestCase("1.305.555.0100", "5550100")]
    [TestCase("+1 305 555 0100 ext. 12", "5550100")]
    [TestCase("305-555-0100 x12", "5550100")]
    [TestCase("tel:+1-305-555-0100;ext=12", "5550100")]
    [TestCase("030 1234 5678", "2345678")]
    [TestCase("+49 (0)30 12345678", "2345678")]
    [TestCase("112", "112")]
    public void KeyOf_AnyWrittenForm_IsTheLastSevenDigitsBeforeAnExtension(string written, string key) =>
        ContactIndex.KeyOf(written).Should().Be(key);

    [TestCase(null)]
    [TestCase("")]
    [TestCase("n/a")]
    [TestCase("12")]
    public void KeyOf_NoNumber_IsNull(string? written) =>
        ContactIndex.KeyOf(written).Should().BeNull();
}
