using CallCrm.Connectors.Security.Redaction;
using CallCrm.Connectors.Security.Webhooks;

namespace CallCrm.Connectors.Security.Tests.Webhooks;

public sealed class HmacWebhookOptionsValidatorTests
{
    private static HmacWebhookOptions ShortSecretNoHeader() => new() { SigningSecret = new Secret("short"), HeaderName = "" };

    [Test]
    [SetUICulture("en-US")]
    public void Validate_ShortSecretAndNoHeader_SaysTheMinimumLength()
    {
        var result = new HmacWebhookOptionsValidator().Validate(null, ShortSecretNoHeader());

        result.Failures.Should().Equal("SigningSecret must be set and hold at least 16 characters.", "HeaderName must be set.");
    }

    [Test]
    [SetUICulture("zh-CN")]
    public void Validate_UnderChineseUiCulture_ExplainsInChinese()
    {
        var result = new HmacWebhookOptionsValidator().Validate(null, ShortSecretNoHeader());

        result.Failures.Should().Equal("必须设置 SigningSecret，且至少包含 16 个字符。", "必须设置 HeaderName。");
    }
}
