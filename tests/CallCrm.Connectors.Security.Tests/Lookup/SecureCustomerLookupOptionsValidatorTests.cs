using CallCrm.Connectors.Security.Lookup;

namespace CallCrm.Connectors.Security.Tests.Lookup;

public sealed class SecureCustomerLookupOptionsValidatorTests
{
    private static SecureCustomerLookupOptions Invalid() => new() { HistoryWindow = TimeSpan.FromDays(-1), MaxCandidates = 0, LookupServiceKey = " " };

    [Test]
    [SetUICulture("en-US")]
    public void Validate_InvalidOptions_ReportsEverySetting()
    {
        var result = new SecureCustomerLookupOptionsValidator().Validate(null, Invalid());

        result.Failures.Should().Equal(
            "HistoryWindow must not be negative.",
            "MaxCandidates must be between 1 and 100.",
            "LookupServiceKey, when set, must not be blank.");
    }

    [Test]
    [SetUICulture("zh-CN")]
    public void Validate_UnderChineseUiCulture_ExplainsInChinese()
    {
        var result = new SecureCustomerLookupOptionsValidator().Validate(null, Invalid());

        result.Failures.Should().Equal(
            "HistoryWindow 不能为负数。",
            "MaxCandidates 必须在 1 到 100 之间。",
            "设置 LookupServiceKey 时，它不能为空白。");
    }
}
