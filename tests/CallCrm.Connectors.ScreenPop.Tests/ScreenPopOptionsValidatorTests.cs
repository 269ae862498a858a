namespace CallCrm.Connectors.ScreenPop.Tests;

public sealed class ScreenPopOptionsValidatorTests
{
    private static ScreenPopOptions Invalid() => new() { Region = "XX", LookupTimeout = TimeSpan.Zero, CreateLeadUrlTemplate = "https://crm.example/new" };

    [Test]
    [SetUICulture("en-US")]
    public void Validate_InvalidOptions_NamesEachSetting()
    {
        var result = new ScreenPopOptionsValidator().Validate(null, Invalid());

        result.Failures.Should().Equal(
            "ScreenPopOptions.Region must be an ISO 3166-1 alpha-2 region libphonenumber knows, for example CN or US.",
            "ScreenPopOptions.LookupTimeout must be positive.",
            "ScreenPopOptions.CreateLeadUrlTemplate must be an absolute URL containing {phone}.");
    }

    [Test]
    [SetUICulture("zh-CN")]
    public void Validate_UnderChineseUiCulture_ExplainsInChinese()
    {
        var result = new ScreenPopOptionsValidator().Validate(null, Invalid());

        result.Failures.Should().Equal(
            "ScreenPopOptions.Region 必须是 libphonenumber 能识别的 ISO 3166-1 二字母地区代码，例如 CN 或 US。",
            "ScreenPopOptions.LookupTimeout 必须大于零。",
            "ScreenPopOptions.CreateLeadUrlTemplate 必须是包含 {phone} 的绝对 URL。");
    }
}
