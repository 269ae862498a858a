using CallCrm.Connectors.Http.Internal;

namespace CallCrm.Connectors.Http.Tests.Internal;

public sealed class ConnectorHttpClientOptionsValidatorTests
{
    private static ConnectorHttpClientOptions InsecureWithNegativeRetries()
    {
        var options = new ConnectorHttpClientOptions { BaseAddress = new Uri("http://crm.example.com/") };
        options.Retry.MaxRetryAttempts = -1;
        return options;
    }

    [Test]
    [SetUICulture("en-US")]
    public void Validate_InvalidOptions_NamesTheClientAndEachSetting()
    {
        var result = new ConnectorHttpClientOptionsValidator().Validate("crm", InsecureWithNegativeRetries());

        result.Failures.Should().Equal(
            "Connector HTTP client 'crm': BaseAddress must use https (INSECURE_TRANSPORT); plain http is allowed only to a loopback address with AllowInsecureLoopback set.",
            "Connector HTTP client 'crm': Retry.MaxRetryAttempts must not be negative.");
    }

    [Test]
    [SetUICulture("zh-CN")]
    public void Validate_UnderChineseUiCulture_ExplainsInChinese()
    {
        var result = new ConnectorHttpClientOptionsValidator().Validate("crm", InsecureWithNegativeRetries());

        result.Failures.Should().Equal(
            "连接器 HTTP 客户端“crm”：BaseAddress 必须使用 https（INSECURE_TRANSPORT）；只有设置了 AllowInsecureLoopback 时，才允许用明文 http 访问环回地址。",
            "连接器 HTTP 客户端“crm”：Retry.MaxRetryAttempts 不能为负数。");
    }
}
