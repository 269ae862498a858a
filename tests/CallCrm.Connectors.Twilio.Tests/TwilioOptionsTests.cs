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

        var options = services.GetRequiredService<IOptions<TwilioOptions>>().Value;
        var basic = services.GetRequiredService<IOptionsMonitor<BasicAuthenticationOptions>>().Get(TwilioCallSource.ProviderName);

        options.PageSize.Should().Be(200);
        options.ToString().Should().NotContain("key-secret-value").And.Contain("[secret]");
        basic.UserName.Should().Be("SK00000000000000000000000000000042");
        basic.Password.Should().Be("key-secret-value");
        services.GetServices<ICallSource>().Should().ContainSingle().Which.Should().BeOfType<TwilioCallSource>();
        services.GetRequiredKeyedService<ICallSource>("twilio").Should().BeSameAs(services.GetRequiredService<TwilioCallSource>());
    }

    [Test]
    public void ToString_AuthToken_IsNeverShown()
    {
        var options = new TwilioOptions { AccountSid = "AC00000000000000000000000000000042", AuthToken = new Secret("the-auth-token") };

        options.ToString().Should().NotContain("the-auth-token").And.Contain("AC00000000000000000000000000000042");
    }
}
