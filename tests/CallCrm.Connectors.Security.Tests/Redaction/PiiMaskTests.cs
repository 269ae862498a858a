using CallCrm.Connectors.Security.Redaction;

namespace CallCrm.Connectors.Security.Tests.Redaction;

public sealed class PiiMaskTests
{
    [TestCase("+8613800138000", "+***********00")]
    [TestCase("(415) 555-0100", "(***) ***-**00")]
    [TestCase("1234", "****")]
    public void Phone_MasksAllButTheLastTwoDigits(string value, string expected) => PiiMask.Phone(value).Should().Be(expected);

    [TestCase("jane.doe@example.com", "j***@e***.com")]
    [TestCase("a@b", "a***@b***")]
    [TestCase("not-an-address", "n***")]
    public void Email_KeepsFirstLettersAndTopLevelDomain(string value, string expected) => PiiMask.Email(value).Should().Be(expected);

    [Test]
    public void Text_HidesTheLength() => PiiMask.Text("Jane").Should().Be(PiiMask.Text("Jacqueline")![..1] + "***");
}
