using CallCrm.Connectors.Errors;
using CallCrm.Connectors.Http.Authentication;
using CallCrm.Connectors.Http.Tests.Infrastructure;
using CallCrm.Connectors.Security.Redaction;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace CallCrm.Connectors.Http.Tests.Authentication;

public class OAuthClientCredentialsTests
{
    private static readonly Uri Data = new("api/data", UriKind.Relative);

    private static ServiceProvider Build(OAuthVendorFake vendor, Action<OAuthClientCredentialsOptions>? configure = null, TimeProvider? timeProvider = null) =>
        TestClients.Build(
            vendor.Server,
            more: builder => builder.AddOAuthClientCredentials(options =>
            {
                options.TokenEndpoint = vendor.Server.Url("oauth/token");
                options.ClientId = OAuthVendorFake.ClientId;
                options.ClientSecret = new Secret(OAuthVendorFake.ClientSecret);
                configure?.Invoke(options);
            }),
            timeProvider: timeProvider);

    [Test]
    public async Task SendAsync_HundredConcurrentRequests_RequestOneToken()
    {
        await using var vendor = await OAuthVendorFake.StartAsync();
        await using var services = Build(vendor);
        var client = services.Client(TestClients.Name);

        var answers = await Task.WhenAll(Enumerable.Range(0, 100).Select(_ => client.GetStringAsync(Data)));

        answers.Should().OnlyContain(a => a == "data").And.HaveCount(100);
        vendor.TokensIssued.Should().Be(1);
        vendor.LastClientAuthentication.Should().Be("basic");
    }

    [Test]
    public async Task SendAsync_TokenRefusedWith401_RefreshesOnceAndRetriesEachRequestOnce()
    {
        await using var vendor = await OAuthVendorFake.StartAsync();
        vendor.FirstAcceptedToken = 2;
        await using var services = Build(vendor);
        var client = services.Client(TestClients.Name);

        var answers = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => client.GetStringAsync(Data)));

        answers.Should().OnlyContain(a => a == "data");
        vendor.TokensIssued.Should().Be(2, "twenty requests refused with the same token share one refresh");
        vendor.ApiCalls.Should().Be(40);
    }

    [Test]
    public async Task SendAsync_FreshTokenAlsoRefused_GivesUpAfterOneRetry()
    {
        await using var vendor = await OAuthVendorFake.StartAsync();
        vendor.RejectEverything = true;
        await using var services = Build(vendor);

        var act = () => services.Client(TestClients.Name).GetStringAsync(Data);

        (await act.Should().ThrowAsync<ConnectorException>()).Which.Code.Should().Be(ConnectorErrorCode.AuthenticationFailed);
        vendor.ApiCalls.Should().Be(2);
        vendor.TokensIssued.Should().Be(2);
    }

    [Test]
    public async Task SendAsync_TokenNearExpiry_IsReplacedBeforeItExpires()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 3, 1, 9, 0, 0, TimeSpan.Zero));
        await using var vendor = await OAuthVendorFake.StartAsync();
        await using var services = Build(vendor, o => o.RefreshMargin = TimeSpan.FromSeconds(60), time);
        var client = services.Client(TestClients.Name);

        await client.GetStringAsync(Data);
        time.Advance(TimeSpan.FromSeconds(3600 - 60 - 1));
        await client.GetStringAsync(Data);
        vendor.TokensIssued.Should().Be(1, "the token is still outside its refresh margin");

        time.Advance(TimeSpan.FromSeconds(1));
        await client.GetStringAsync(Data);
        vendor.TokensIssued.Should().Be(2);
        vendor.ApiCalls.Should().Be(3, "the refresh happened before the vendor could refuse the old token");
    }

    [Test]
    public async Task SendAsync_ClientSecretPost_SendsCredentialsInTheForm()
    {
        await using var vendor = await OAuthVendorFake.StartAsync();
        await using var services = Build(vendor, o => o.AuthenticationMethod = OAuthClientAuthenticationMethod.ClientSecretPost);

        (await services.Client(TestClients.Name).GetStringAsync(Data)).Should().Be("data");
        vendor.LastClientAuthentication.Should().Be("post");
    }

    [Test]
    public async Task SendAsync_WrongClientSecret_ThrowsAuthenticationFailedWithoutTheSecret()
    {
        const string wrongSecret = "wrong-Secret-Value-123";
        await using var vendor = await OAuthVendorFake.StartAsync();
        await using var services = Build(vendor, o => o.ClientSecret = new Secret(wrongSecret));

        var act = () => services.Client(TestClients.Name).GetStringAsync(Data);

        var exception = (await act.Should().ThrowAsync<ConnectorException>()).Which;
        exception.Code.Should().Be(ConnectorErrorCode.AuthenticationFailed);
        exception.Error.TechnicalDetail.Should().Contain("invalid_client");
        exception.ToString().Should().NotContain(wrongSecret);
        vendor.ApiCalls.Should().Be(0);
    }

    [Test]
    public void Startup_MissingClientSecret_FailsValidation()
    {
        var act = () => Services.Build(s => s.AddCallCrmHttpClient("crm", o => o.BaseAddress = new Uri("https://crm.example.com/"))
            .AddOAuthClientCredentials(o =>
            {
                o.TokenEndpoint = new Uri("https://login.example.com/token");
                o.ClientId = "id";
            }));

        act.Should().Throw<Microsoft.Extensions.Options.OptionsValidationException>().WithMessage("*ClientSecret*");
    }

    [Test]
    public void Startup_PlainHttpTokenEndpoint_FailsValidation()
    {
        var act = () => Services.Build(s => s.AddCallCrmHttpClient("crm", o => o.BaseAddress = new Uri("https://crm.example.com/"))
            .AddOAuthClientCredentials(o =>
            {
                o.TokenEndpoint = new Uri("http://login.example.com/token");
                o.ClientId = "id";
                o.ClientSecret = new Secret("secret");
            }));

        act.Should().Throw<Microsoft.Extensions.Options.OptionsValidationException>().WithMessage("*TokenEndpoint must use https*");
    }

    [Test]
    [SetUICulture("zh-CN")]
    public void Startup_PlainHttpTokenEndpointUnderChineseUiCulture_ExplainsInChinese()
    {
        var act = () => Services.Build(s => s.AddCallCrmHttpClient("crm", o => o.BaseAddress = new Uri("https://crm.example.com/"))
            .AddOAuthClientCredentials(o =>
            {
                o.TokenEndpoint = new Uri("http://login.example.com/token");
                o.ClientId = "id";
                o.ClientSecret = new Secret("secret");
            }));

        act.Should().Throw<Microsoft.Extensions.Options.OptionsValidationException>().Which.Failures.Should().Equal(
            "TokenEndpoint 必须使用 https（INSECURE_TRANSPORT）；只有设置了 AllowInsecureLoopback 时，才允许用明文 http 访问环回地址。");
    }

    [Test]
    public void AddAuthentication_Twice_Throws()
    {
        var builder = new ServiceCollection().AddCallCrmHttpClient("crm", o => o.BaseAddress = new Uri("https://crm.example.com/"))
            .AddBearerToken(o => o.Token = new Secret("t"));

        var act = () => builder.AddApiKey(o => o.Key = new Secret("k"));

        act.Should().Throw<InvalidOperationException>().WithMessage("*already has authentication*");
    }
}
