using CallCrm.Connectors.Errors;
using CallCrm.Connectors.Normalization;

namespace CallCrm.Connectors.Core.Tests.Normalization;

public class EmailNormalizerTests
{
    [TestCase("Zhang.San@Example.COM", "Zhang.San@example.com", TestName = "Email_DomainLowerCasedLocalPartKept")]
    [TestCase("  zhang@example.com  ", "zhang@example.com", TestName = "Email_Trimmed")]
    [TestCase("ｚｈａｎｇ＠ｅｘａｍｐｌｅ．ｃｏｍ", "zhang@example.com", TestName = "Email_FullWidth")]
    [TestCase("zhang\u200B@example.com\uFEFF", "zhang@example.com", TestName = "Email_InvisibleRemoved")]
    [TestCase("mailto:Zhang@Example.com", "Zhang@example.com", TestName = "Email_MailtoPrefixDropped")]
    [TestCase("<zhang@example.com>", "zhang@example.com", TestName = "Email_AngleBracketsDropped")]
    [TestCase("first.last+crm@sub.example.co.uk", "first.last+crm@sub.example.co.uk", TestName = "Email_PlusTagAndSubdomains")]
    [TestCase("o'brien!#$%&*/=?^_`{|}~-@example.ie", "o'brien!#$%&*/=?^_`{|}~-@example.ie", TestName = "Email_AllAtextSymbols")]
    [TestCase("zhang@example.com.", "zhang@example.com", TestName = "Email_TrailingRootDotDropped")]
    [TestCase("zhang@例子.中国", "zhang@xn--fsqu00a.xn--fiqs8s", TestName = "Email_IdnDomainToPunycode")]
    [TestCase("zhang@例子。中国", "zhang@xn--fsqu00a.xn--fiqs8s", TestName = "Email_IdeographicFullStopInDomain")]
    [TestCase("jose@MÜNCHEN.de", "jose@xn--mnchen-3ya.de", TestName = "Email_IdnUpperCaseDomain")]
    [TestCase("用户@example.cn", "用户@example.cn", TestName = "Email_UnicodeLocalPart")]
    public void Normalize_ValidAddress_IsNormalized(string raw, string expected)
    {
        EmailNormalizationResult result = EmailNormalizer.Default.Normalize(raw);

        result.IsSuccess.Should().BeTrue(result.ToString());
        result.Value.Should().Be(expected);
    }

    [TestCase(null, EmailFailureReason.Empty, TestName = "EmailFail_Null")]
    [TestCase("  \u200B ", EmailFailureReason.Empty, TestName = "EmailFail_Blank")]
    [TestCase("mailto:", EmailFailureReason.Empty, TestName = "EmailFail_OnlyMailto")]
    [TestCase("zhang.example.com", EmailFailureReason.MissingAtSign, TestName = "EmailFail_NoAt")]
    [TestCase("@example.com", EmailFailureReason.InvalidLocalPart, TestName = "EmailFail_EmptyLocalPart")]
    [TestCase(".zhang@example.com", EmailFailureReason.InvalidLocalPart, TestName = "EmailFail_LeadingDot")]
    [TestCase("zhang.@example.com", EmailFailureReason.InvalidLocalPart, TestName = "EmailFail_TrailingDot")]
    [TestCase("zhang..san@example.com", EmailFailureReason.InvalidLocalPart, TestName = "EmailFail_DoubleDot")]
    [TestCase("zhang san@example.com", EmailFailureReason.InvalidLocalPart, TestName = "EmailFail_SpaceInLocalPart")]
    [TestCase("a@b@example.com", EmailFailureReason.InvalidLocalPart, TestName = "EmailFail_TwoAtSigns")]
    [TestCase("\"zhang\"@example.com", EmailFailureReason.InvalidLocalPart, TestName = "EmailFail_QuotedLocalPart")]
    [TestCase("Zhang San <zhang@example.com>", EmailFailureReason.InvalidLocalPart, TestName = "EmailFail_DisplayName")]
    [TestCase("zhang@", EmailFailureReason.InvalidDomain, TestName = "EmailFail_EmptyDomain")]
    [TestCase("zhang@localhost", EmailFailureReason.InvalidDomain, TestName = "EmailFail_SingleLabelDomain")]
    [TestCase("zhang@example..com", EmailFailureReason.InvalidDomain, TestName = "EmailFail_EmptyLabel")]
    [TestCase("zhang@-example.com", EmailFailureReason.InvalidDomain, TestName = "EmailFail_LabelStartsWithHyphen")]
    [TestCase("zhang@exa_mple.com", EmailFailureReason.InvalidDomain, TestName = "EmailFail_UnderscoreInDomain")]
    [TestCase("zhang@192.168.1.1", EmailFailureReason.InvalidDomain, TestName = "EmailFail_IpAddress")]
    [TestCase("zhang@[192.168.1.1]", EmailFailureReason.InvalidDomain, TestName = "EmailFail_AddressLiteral")]
    [TestCase("zhang@例子 .中国", EmailFailureReason.InvalidDomain, TestName = "EmailFail_IdnWithSpace")]
    public void Normalize_BadAddress_FailsWithReason(string? raw, EmailFailureReason expected)
    {
        EmailNormalizationResult result = EmailNormalizer.Default.Normalize(raw);

        result.IsSuccess.Should().BeFalse();
        result.Value.Should().BeNull();
        result.FailureReason.Should().Be(expected, result.FailureMessage);
        result.FailureMessage.Should().NotBeNullOrWhiteSpace();
    }

    [Test]
    public void Normalize_LocalPartOver64Bytes_Fails()
    {
        EmailNormalizer.Default.Normalize(new string('a', 65) + "@example.com").FailureReason.Should().Be(EmailFailureReason.InvalidLocalPart);
        EmailNormalizer.Default.Normalize(new string('a', 64) + "@example.com").IsSuccess.Should().BeTrue();
        // 22 CJK characters are 66 bytes in UTF-8.
        EmailNormalizer.Default.Normalize(new string('用', 22) + "@example.com").FailureReason.Should().Be(EmailFailureReason.InvalidLocalPart);
    }

    [Test]
    public void Normalize_LabelOver63Characters_Fails()
    {
        EmailNormalizer.Default.Normalize("a@" + new string('b', 64) + ".com").FailureReason.Should().Be(EmailFailureReason.InvalidDomain);
    }

    [Test]
    public void Normalize_AddressOver254Characters_FailsAsTooLong()
    {
        string domain = string.Join('.', Enumerable.Repeat(new string('d', 60), 4)) + ".com"; // 247 characters

        EmailNormalizationResult result = EmailNormalizer.Default.Normalize("zhang.san.li@" + domain);

        result.FailureReason.Should().Be(EmailFailureReason.TooLong);
    }

    [Test]
    public void FailureAndToString_NeverRevealTheAddress()
    {
        EmailNormalizationResult failed = EmailNormalizer.Default.Normalize("secret.person@localhost");
        EmailNormalizationResult accepted = EmailNormalizer.Default.Normalize("secret.person@example.com");

        failed.FailureMessage.Should().NotContain("secret");
        failed.ToString().Should().NotContain("secret");
        accepted.ToString().Should().NotContain("secret");
        failed.ToConnectorError("email").TechnicalDetail.Should().NotContain("secret");
    }

    [Test]
    public void ToConnectorError_CarriesInvalidRecordAndField()
    {
        ConnectorError error = EmailNormalizer.Default.Normalize("no-at-sign").ToConnectorError("customer_email");

        error.Code.Should().Be(ConnectorErrorCode.InvalidRecord);
        error.FieldErrors.Should().ContainSingle().Which.Field.Should().Be("customer_email");
    }
}
