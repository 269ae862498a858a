using CallCrm.Connectors.Errors;
using CallCrm.Connectors.Normalization;

namespace CallCrm.Connectors.Core.Tests.Normalization;

[TestFixture]
public sealed class PhoneNumberResultTests
{
    private static readonly PhoneNumberNormalizer Normalizer = new(new PhoneNumberNormalizerOptions { DefaultRegion = "CN" });

    [Test]
    public void ToPhoneNumber_Valid_CarriesRawE164AndExtension()
    {
        var phone = Normalizer.Normalize("010-65529988转8001").ToPhoneNumber();

        phone.Raw.Should().Be("010-65529988转8001");
        phone.E164.Should().Be("+861065529988");
        phone.Extension.Should().Be("8001");
        phone.IsNormalized.Should().BeTrue();
    }

    [TestCase("anonymous")]
    [TestCase("12")]
    [TestCase("")]
    public void ToPhoneNumber_NotValid_KeepsRawWithoutE164(string raw)
    {
        var phone = Normalizer.Normalize(raw).ToPhoneNumber();

        phone.Raw.Should().Be(raw);
        phone.E164.Should().BeNull();
        phone.IsNormalized.Should().BeFalse();
    }

    [Test]
    public void ToConnectorError_Invalid_HasInvalidPhoneNumberCodeAndReasonWithoutTheNumber()
    {
        var error = Normalizer.Normalize("138 00").ToConnectorError("from");

        error.Code.Should().Be(ConnectorErrorCode.InvalidPhoneNumber);
        error.IsTransient.Should().BeFalse();
        error.TechnicalDetail.Should().Contain("TooShort").And.NotContain("138");
        error.FieldErrors.Should().ContainSingle().Which.Should().Be(new FieldError("from", "TooShort"));
    }

    [TestCase("anonymous", "Withheld")]
    [TestCase("  ", "Empty")]
    public void ToConnectorError_AnonymousOrEmpty_SaysSo(string raw, string reason)
    {
        var error = Normalizer.Normalize(raw).ToConnectorError();

        error.Code.Should().Be(ConnectorErrorCode.InvalidPhoneNumber);
        error.TechnicalDetail.Should().Contain(reason);
        error.FieldErrors.Should().BeEmpty();
    }

    [Test]
    public void ToConnectorError_Valid_Throws()
    {
        var act = () => Normalizer.Normalize("13800138000").ToConnectorError();

        act.Should().Throw<InvalidOperationException>();
    }

    [Test]
    public void ToConnectorError_CanBeThrownAsConnectorException()
    {
        var exception = new ConnectorException(Normalizer.Normalize("call me").ToConnectorError("to"));

        exception.Code.Should().Be(ConnectorErrorCode.InvalidPhoneNumber);
        exception.Message.Should().StartWith("INVALID_PHONE_NUMBER: ").And.Contain("ContainsLetters");
    }

    [TestCase("+86 138 0013 8000", "Valid")]
    [TestCase("138 00", "Invalid (TooShort)")]
    [TestCase("anonymous", "Anonymous")]
    public void ToString_NeverShowsTheRawNumber(string raw, string start)
    {
        var text = Normalizer.Normalize(raw).ToString();

        text.Should().StartWith(start).And.NotContain("0013").And.NotContain("138");
    }

    [Test]
    public void Equals_SameNormalization_AreEqual()
    {
        var uncached = new PhoneNumberNormalizer(new PhoneNumberNormalizerOptions { DefaultRegion = "CN", CacheCapacity = 0 });

        var first = uncached.Normalize("13800138000");
        var second = uncached.Normalize("13800138000");

        first.Should().NotBeSameAs(second);
        first.Should().Be(second);
        first.GetHashCode().Should().Be(second.GetHashCode());
        first.Should().NotBe(uncached.Normalize("13900139000"));
    }
}
