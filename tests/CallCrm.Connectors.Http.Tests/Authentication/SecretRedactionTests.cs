using CallCrm.Connectors.Http.Authentication;
using CallCrm.Connectors.Http.Soap;
using CallCrm.Connectors.Security.Redaction;
using Microsoft.Extensions.DependencyInjection;

namespace CallCrm.Connectors.Http.Tests.Authentication;

public class SecretRedactionTests
{
    private const string Secret = "Very-Secret-Value-42";

    [Test]
    public void ToString_OptionsWithSecrets_ShowsOnlyThatASecretIsSet()
    {
        var texts = new object[]
        {
            new OAuthClientCredentialsOptions { ClientId = "id", ClientSecret = new Secret(Secret), TokenEndpoint = new Uri("https://login.example.com/token?x=" + Secret) },
            new BearerTokenOptions { Token = new Secret(Secret) },
            new ApiKeyOptions { Key = new Secret(Secret) },
            new BasicAuthenticationOptions { UserName = "user", Password = new Secret(Secret) },
            new WsSecurityOptions { UserName = "user", Password = new Secret(Secret) },
            new SoapClientOptions { WsSecurity = new WsSecurityOptions { UserName = "user", Password = new Secret(Secret) } },
            new AccessToken(Secret, DateTimeOffset.UnixEpoch),
        }.Select(o => o.ToString()!);

        texts.Should().AllSatisfy(text => text.Should().NotContain(Secret).And.Contain("***"));
    }

    [Test]
    public void ToString_UrisWithCredentialsOrQuery_ShowNeither()
    {
        var options = new ConnectorHttpClientOptions { BaseAddress = new Uri("https://user:" + Secret + "@crm.example.com/api/?key=" + Secret) };

        options.ToString().Should().NotContain(Secret).And.Contain("https://crm.example.com:443/api/");
    }

    [Test]
    public void Startup_BaseAddressWithUserInfo_FailsValidation()
    {
        var act = () => Infrastructure.Services.Build(s => s.AddCallCrmHttpClient("crm", o => o.BaseAddress = new Uri("https://user:" + Secret + "@crm.example.com/")));

        act.Should().Throw<Microsoft.Extensions.Options.OptionsValidationException>().Which.Message.Should().Contain("user credentials").And.NotContain(Secret);
    }

    [Test]
    public void ToString_SecretNotSet_SaysSo()
    {
        new BearerTokenOptions().ToString().Should().Contain("(not set)");
    }
}
