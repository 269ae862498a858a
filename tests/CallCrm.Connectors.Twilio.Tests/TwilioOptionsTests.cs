using CallCrm.Connectors.Http.Authentication;
using CallCrm.Connectors.Providers;
using CallCrm.Connectors.Security.Redaction;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace CallCrm.Connectors.Twilio.Tests;

public sealed class TwilioOptionsTests
{
    [Test]
    public void Startup_NoCredentials_FailsWithAMessageSayingWhatToSet()
    {
        using var services = new ServiceCollection().AddTwilioCallSource(o => o.AccountSid = "AC00000000000000000000000000000042").Services.BuildServiceProvider();

        var act = () => services.GetRequiredService<IStartupValidator>().Validate();

        act.Should().Throw<AggregateException>().Which.InnerExceptions.Should().Contain(e => e is OptionsValidationException && e.Message.Contains("set AuthToken, or ApiKeySid and ApiKeySecret", StringComparison.Ordinal));
    }

    [Test]
    public void Validate_BadValues_ListsEveryProblem()
    {
        var result = new TwilioOptionsValidator().Validate(null, new TwilioOptions
        {
            AccountSid = "12345",
            ApiKeySid = "SKnope",
            BaseAddress = new Uri("http://api.twilio.com/"),
            PageSize = 5000,
            DefaultRegion = "USA",
        });

        result.Failed.Should().BeTrue();
        result.Failures.Should().HaveCount(6).And.Contain(f => f.Contains("AccountSid must be AC", StringComparison.Ordinal))
            .And.Contain(f => f.Contains("https", StringComparison.Ordinal)).And.Contain(f => f.Contains("PageSize", StringComparison.Ordinal));
    }

    [Test]
    [SetUICulture("zh-CN")]
    public void Validate_UnderChineseUiCulture_ExplainsInChinese()
    {
        var result = new TwilioOptionsValidator().Validate(null, new TwilioOptions
        {
            AccountSid = "AC00000000000000000000000000000042",
            PageSize = 5000,
            InitialLookback = TimeSpan.Zero,
        });

        result.Failures.Should().Equal(
            "Twilio：请设置 AuthToken，或设置 ApiKeySid 和 ApiKeySecret，以登录 REST API。",
            "Twilio：PageSize 必须在 1 到 1000 之间。",
            "Twilio：InitialLookback 必须大于零。");
    }

    [Test]
    public void Configuration_BindsSecretsAndApiKeyBecomesTheBasicUser()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Twilio:AccountSid"] = "AC00000000000000000000000000000042",
            ["Twilio:ApiKeySid"] = "SK00000000000000000000000000000042",
            ["Twilio:ApiKeySecret"] = "key-secret-value",
            ["Twilio:PageSize"] = "200",
        }).Build();
        using var services = new ServiceCollection().AddTwilioCallSource(configuration.GetSection("Twilio")).Services.BuildServiceProvider();

        var options = services.GetRequiredService<IOptionsMonitor<TwilioOptions>>().Get(TwilioOptions.DefaultName);
        var basic = services.GetRequiredService<IOptionsMonitor<BasicAuthenticationOptions>>().Get(TwilioCallSource.ProviderName);

        options.PageSize.Should().Be(200);
        options.ToString().Should().NotContain("key-secret-value").And.Contain("[secret]");
        basic.UserName.Should().Be("SK00000000000000000000000000000042");
        basic.Password.Should().BeSameAs(options.ApiKeySecret, "the secret stays a Secret up to the request header");
        services.GetServices<ICallSource>().Should().ContainSingle().Which.Should().BeOfType<TwilioCallSource>();
        services.GetRequiredKeyedService<ICallSource>("twilio").Should().BeSameAs(services.GetRequiredService<TwilioCallSource>());
    }

    [Test]
    public void ToString_AuthToken_IsNeverShown()
    {
        var options = new TwilioOptions { AccountSid = "AC00000000000000000000000000000042", AuthToken = new Secret("the-auth-token") };

        options.ToString().Should().NotContain("the-auth-token").And.Contain("AC00000000000000000000000000000042");
    }

    [Test]
    public void AddTwilioCallSource_TwoNamedAccounts_EachHasItsOwnOptionsCredentialsClientAndSource()
    {
        var services = new ServiceCollection();
        var eu = services.AddTwilioCallSource("twilio-eu", o =>
        {
            o.AccountSid = "AC00000000000000000000000000000042";
            o.AuthToken = new Secret("eu-token");
        });
        var us = services.AddTwilioCallSource("twilio-us", o =>
        {
            o.AccountSid = "AC00000000000000000000000000000043";
            o.AuthToken = new Secret("us-token");
        });
        using var provider = services.BuildServiceProvider();

        var basic = provider.GetRequiredService<IOptionsMonitor<BasicAuthenticationOptions>>();
        eu.Name.Should().Be("twilio.twilio-eu");
        us.Name.Should().Be(TwilioOptions.HttpClientNameOf("twilio-us"));
        basic.Get(eu.Name).UserName.Should().Be("AC00000000000000000000000000000042");
        basic.Get(us.Name).Password!.Reveal().Should().Be("us-token");
        provider.GetRequiredKeyedService<ICallSource>("twilio-eu").Name.Should().Be("twilio-eu");
        provider.GetRequiredKeyedService<ICallSource>("twilio-us").Name.Should().Be("twilio-us");
        provider.GetRequiredService<ICallSource>().Should().BeSameAs(provider.GetRequiredKeyedService<ICallSource>("twilio-eu"));
        provider.GetRequiredKeyedService<CallCrm.Connectors.Twilio.Webhooks.TwilioStatusCallbackHandler>("twilio-us").Should().NotBeSameAs(provider.GetRequiredKeyedService<CallCrm.Connectors.Twilio.Webhooks.TwilioStatusCallbackHandler>("twilio-eu"));
    }

    [Test]
    public void AddTwilioCallSource_ConfigureDelegate_RunsOnceWhenTheOptionsAreFirstRead()
    {
        var runs = 0;
        var services = new ServiceCollection();
        services.AddTwilioCallSource(o =>
        {
            runs++;
            o.AccountSid = "AC00000000000000000000000000000042";
            o.AuthToken = new Secret("token");
        });
        var atRegistration = runs;
        using var provider = services.BuildServiceProvider();

        provider.GetRequiredService<ICallSource>();
        provider.GetRequiredService<IOptionsMonitor<BasicAuthenticationOptions>>().Get(TwilioOptions.DefaultName);

        atRegistration.Should().Be(0);
        runs.Should().Be(1);
    }

    [Test]
    public void AddTwilioCallSource_SameNameTwice_ThrowsNamingTheAccount()
    {
        var services = new ServiceCollection();
        services.AddTwilioCallSource("twilio-eu", o => o.AccountSid = "AC00000000000000000000000000000042");

        var again = () => services.AddTwilioCallSource("twilio-eu", o => o.AccountSid = "AC00000000000000000000000000000042");

        again.Should().Throw<InvalidOperationException>().WithMessage("*'twilio-eu'*");
    }
}
