using CallCrm.Connectors.Providers;
using CallCrm.Connectors.Security.Redaction;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace CallCrm.Connectors.HubSpot.Tests;

public sealed class HubSpotOptionsTests
{
    private const string Token = "pat-na1-00000000-0000-0000-0000-000000000042";

    private static HubSpotOptions Resolve(Action<HubSpotOptions> configure)
    {
        var services = new ServiceCollection();
        services.AddHubSpotCrm(configure);
        using var provider = services.BuildServiceProvider();
        return provider.GetRequiredService<IOptionsMonitor<HubSpotOptions>>().Get(HubSpotOptions.DefaultName);
    }

    private static IEnumerable<TestCaseData> InvalidSettings()
    {
        yield return new TestCaseData(new Action<HubSpotOptions>(o => o.AccessToken = null), "AccessToken").SetName("NoTokenNorProvider");
        yield return new TestCaseData(new Action<HubSpotOptions>(o => o.AccessToken = new Secret("  ")), "AccessToken").SetName("BlankToken");
        yield return new TestCaseData(new Action<HubSpotOptions>(o => o.BaseAddress = new Uri("/crm", UriKind.Relative)), "BaseAddress").SetName("RelativeBaseAddress");
        yield return new TestCaseData(new Action<HubSpotOptions>(o => o.SearchRequestsPerSecond = 0), "SearchRequestsPerSecond").SetName("SearchLimitZero");
        yield return new TestCaseData(new Action<HubSpotOptions>(o => o.SearchRequestsPerSecond = 6), "SearchRequestsPerSecond").SetName("SearchLimitOverHubSpots");
        yield return new TestCaseData(new Action<HubSpotOptions>(o => o.MaxBatchSize = 101), "MaxBatchSize").SetName("BatchOverHubSpots");
        yield return new TestCaseData(new Action<HubSpotOptions>(o => o.MaxBatchSize = 0), "MaxBatchSize").SetName("BatchZero");
        yield return new TestCaseData(new Action<HubSpotOptions>(o => o.CustomerPageSize = 201), "CustomerPageSize").SetName("PageOverHubSpots");
        yield return new TestCaseData(new Action<HubSpotOptions>(o => o.RecentCallsLimit = -1), "RecentCallsLimit").SetName("RecentCallsLimitNegative");
        yield return new TestCaseData(new Action<HubSpotOptions>(o => o.RecentCallsLimit = 201), "RecentCallsLimit").SetName("RecentCallsLimitOverSearchPage");
        yield return new TestCaseData(new Action<HubSpotOptions>(o => o.DailyLimit = 0), "DailyLimit").SetName("DailyLimitZero");
        yield return new TestCaseData(new Action<HubSpotOptions>(o => o.SourceCallIdProperty = ""), "SourceCallIdProperty").SetName("NoSourceCallIdProperty");
        yield return new TestCaseData(new Action<HubSpotOptions>(o => o.TagsProperty = " "), "TagsProperty").SetName("NoTagsProperty");
        yield return new TestCaseData(new Action<HubSpotOptions>(o => o.PhoneProperties.Clear()), "PhoneProperties").SetName("NoPhoneProperties");
        yield return new TestCaseData(new Action<HubSpotOptions>(o => { for (var i = 0; i < 4; i++) { o.PhoneProperties.Add("phone" + i); } }), "PhoneProperties").SetName("MorePhonePropertiesThanFilterGroups");
        yield return new TestCaseData(new Action<HubSpotOptions>(o => o.ContactCacheDuration = TimeSpan.FromSeconds(-1)), "ContactCacheDuration").SetName("NegativeCacheDuration");
        yield return new TestCaseData(new Action<HubSpotOptions>(o => o.Tier = (HubSpotAccountTier)42), "Tier").SetName("UndefinedTier");
        yield return new TestCaseData(new Action<HubSpotOptions>(o => o.CallerResolution = (CallerResolutionPolicy)42), "CallerResolution").SetName("UndefinedCallerResolution");
        yield return new TestCaseData(new Action<HubSpotOptions>(o => o.WriteMode = (HubSpotWriteMode)42), "WriteMode").SetName("UndefinedWriteMode");
    }

    [TestCaseSource(nameof(InvalidSettings))]
    public void Validation_InvalidSetting_FailsAtResolutionNamingTheSetting(Action<HubSpotOptions> breakIt, string setting)
    {
        var resolve = () => Resolve(o =>
        {
            o.AccessToken = new Secret(Token);
            breakIt(o);
        });

        resolve.Should().Throw<OptionsValidationException>().Which.Failures.Should().ContainSingle().Which.Should().Contain(setting);
    }

    [Test]
    [SetUICulture("zh-CN")]
    public void Validation_UnderChineseUiCulture_ExplainsInChinese()
    {
        var resolve = () => Resolve(o => o.MaxBatchSize = 500);

        resolve.Should().Throw<OptionsValidationException>().Which.Failures.Should().Equal(
            "请设置 AccessToken（私有应用令牌）或 AccessTokenProvider（OAuth）。",
            "MaxBatchSize 必须在 1 到 100 之间。");
    }

    [Test]
    public void Validation_TokenProviderInsteadOfToken_IsValid()
    {
        var options = Resolve(o => o.AccessTokenProvider = _ => ValueTask.FromResult(Token));

        options.AccessToken.Should().BeNull();
    }

    [Test]
    public void Validation_Defaults_AreHubSpotsDocumentedLimits()
    {
        var options = Resolve(o => o.AccessToken = new Secret(Token));

        options.BaseAddress.Should().Be(new Uri("https://api.hubapi.com/"));
        options.SearchRequestsPerSecond.Should().Be(HubSpotRateLimits.DefaultSearchRequestsPerSecond);
        options.MaxBatchSize.Should().Be(100);
        options.CustomerPageSize.Should().Be(200);
        options.RecentCallsLimit.Should().Be(10);
        options.PhoneProperties.Should().Equal("phone", "mobilephone");
    }

    [Test]
    public async Task Start_InvalidOptions_FailsTheHostStartNotTheFirstCall()
    {
        var services = new ServiceCollection();
        services.AddHubSpotCrm(o => o.MaxBatchSize = 500);
        await using var provider = services.BuildServiceProvider();

        var start = () => provider.GetRequiredService<IStartupValidator>().Validate();

        // The HTTP client's options read the HubSpot options, so their validation reports the same failure.
        var failures = start.Should().Throw<AggregateException>().Which.InnerExceptions.Should().AllBeOfType<OptionsValidationException>().Subject;
        failures.Should().NotBeEmpty().And.OnlyContain(e => e.OptionsType == typeof(HubSpotOptions) && e.Failures.Count() == 2, "the token and the batch size are both wrong, and both are reported at once");
    }

    [Test]
    public void Bind_FromConfiguration_ReadsEverySettingAndHidesTheToken()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["HubSpot:AccessToken"] = Token,
            ["HubSpot:Tier"] = "Enterprise",
            ["HubSpot:WriteMode"] = "CreateOnly",
            ["HubSpot:CallerResolution"] = "CompanyOnly",
            ["HubSpot:DailyLimit"] = "500000",
            ["HubSpot:OwnNumbers:0"] = "+14155550100",
        }).Build();
        var services = new ServiceCollection();
        services.AddHubSpotCrm(configuration.GetSection("HubSpot"));
        using var provider = services.BuildServiceProvider();

        var options = provider.GetRequiredService<IOptionsMonitor<HubSpotOptions>>().Get(HubSpotOptions.DefaultName);
        var sink = provider.GetRequiredService<ICrmSink>();

        options.Tier.Should().Be(HubSpotAccountTier.Enterprise);
        options.WriteMode.Should().Be(HubSpotWriteMode.CreateOnly);
        options.CallerResolution.Should().Be(CallerResolutionPolicy.CompanyOnly);
        options.OwnNumbers.Should().Equal("+14155550100");
        options.AccessToken!.Reveal().Should().Be(Token);
        options.ToString().Should().NotContain("pat-na1").And.Contain("***");
        sink.Capabilities.MaxBatchSize.Should().Be(options.MaxBatchSize);
        HubSpotRateLimits.For(options).PermitLimit.Should().Be(190, "Enterprise accounts get 190 requests per 10 seconds");
        HubSpotRateLimits.For(options).DailyBudget.Should().Be(500_000);
    }
}
