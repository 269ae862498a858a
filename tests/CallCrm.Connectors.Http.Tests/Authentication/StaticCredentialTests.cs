using System.Text;
using CallCrm.Connectors.Http.Tests.Infrastructure;
using CallCrm.Connectors.Security.Redaction;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace CallCrm.Connectors.Http.Tests.Authentication;

public class StaticCredentialTests
{
    private static Task<VendorFake> EchoVendor() => VendorFake.StartAsync(app => app.Map("/whoami", (HttpContext context) =>
        Results.Text(context.Request.Headers.Authorization + "|" + context.Request.Headers["X-Api-Key"])));

    private static async Task<string> WhoAmI(ServiceProvider services) =>
        await services.Client(TestClients.Name).GetStringAsync(new Uri("whoami", UriKind.Relative));

    [Test]
    public async Task AddBearerToken_SendsTheTokenOnEveryRequest()
    {
        await using var vendor = await EchoVendor();
        await using var services = TestClients.Build(vendor, more: b => b.AddBearerToken(o => o.Token = new Secret("pat-na1-123")));

        (await WhoAmI(services)).Should().Be("Bearer pat-na1-123|");
    }

    [Test]
    public async Task AddApiKey_SendsTheKeyInTheConfiguredHeader()
    {
        await using var vendor = await EchoVendor();
        await using var services = TestClients.Build(vendor, more: b => b.AddApiKey(o => o.Key = new Secret("key-777")));

        (await WhoAmI(services)).Should().Be("|key-777");
    }

    [Test]
    public async Task AddBasicAuthentication_BoundFromConfiguration_SendsBase64Credentials()
    {
        await using var vendor = await EchoVendor();
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Twilio:UserName"] = "AC0123",
            ["Twilio:Password"] = "auth-token-456",
        }).Build();
        await using var services = TestClients.Build(vendor, more: b => b.AddBasicAuthentication(configuration.GetSection("Twilio")));

        (await WhoAmI(services)).Should().Be("Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes("AC0123:auth-token-456")) + "|");
    }

    [Test]
    public void AddBasicAuthentication_UserNameWithColon_FailsValidationAtStart()
    {
        var act = () => Services.Build(s => s.AddCallCrmHttpClient("crm", o => o.BaseAddress = new Uri("https://crm.example.com/"))
            .AddBasicAuthentication(o =>
            {
                o.UserName = "a:b";
                o.Password = new Secret("p");
            }));

        act.Should().Throw<Microsoft.Extensions.Options.OptionsValidationException>().WithMessage("*UserName*");
    }

    [Test]
    [SetUICulture("zh-CN")]
    public void AddBasicAuthentication_UserNameWithColonUnderChineseUiCulture_ExplainsInChinese()
    {
        var act = () => Services.Build(s => s.AddCallCrmHttpClient("crm", o => o.BaseAddress = new Uri("https://crm.example.com/"))
            .AddBasicAuthentication(o =>
            {
                o.UserName = "a:b";
                o.Password = new Secret("p");
            }));

        act.Should().Throw<Microsoft.Extensions.Options.OptionsValidationException>().Which.Failures.Should().Equal(
            "BasicAuthenticationOptions：必须设置 UserName（不含“:”）和 Password。");
    }
}
