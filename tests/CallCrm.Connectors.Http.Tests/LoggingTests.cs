using System.Text;
using CallCrm.Connectors.Http.Tests.Authentication;
using CallCrm.Connectors.Http.Tests.Infrastructure;
using CallCrm.Connectors.Security.Redaction;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace CallCrm.Connectors.Http.Tests;

public class LoggingTests
{
    [Test]
    public async Task Logs_AtTraceLevel_NeverContainTokensSecretsOrKeys()
    {
        var logs = new CapturingLoggerProvider();
        await using var oauth = await OAuthVendorFake.StartAsync();
        oauth.FirstAcceptedToken = 2;
        await using var echo = await VendorFake.StartAsync(app => app.Map("/x", (HttpContext c) => Results.StatusCode(c.Request.Headers.Authorization.Count > 0 ? 500 : 422)));
        const string apiKey = "ApiKey-Sensitive-987";
        const string password = "Basic-Password-654";
        var basic = Convert.ToBase64String(Encoding.UTF8.GetBytes("user:" + password));

        await using (var services = Services.Build(
            s =>
            {
                s.AddCallCrmHttpClient("oauth", o =>
                {
                    o.BaseAddress = oauth.Server.BaseAddress;
                    o.AllowInsecureLoopback = true;
                }).AddOAuthClientCredentials(o =>
                {
                    o.TokenEndpoint = oauth.Server.Url("oauth/token");
                    o.ClientId = OAuthVendorFake.ClientId;
                    o.ClientSecret = new Secret(OAuthVendorFake.ClientSecret);
                });
                s.AddCallCrmHttpClient("key", o =>
                {
                    o.BaseAddress = echo.BaseAddress;
                    o.AllowInsecureLoopback = true;
                    o.Retry.BaseDelay = TimeSpan.Zero;
                }).AddApiKey(o => o.Key = new Secret(apiKey));
                s.AddCallCrmHttpClient("basic", o =>
                {
                    o.BaseAddress = echo.BaseAddress;
                    o.AllowInsecureLoopback = true;
                    o.Retry.BaseDelay = TimeSpan.Zero;
                }).AddBasicAuthentication(o =>
                {
                    o.UserName = "user";
                    o.Password = new Secret(password);
                });
            },
            logs: logs))
        {
            (await services.Client("oauth").GetStringAsync(new Uri("api/data", UriKind.Relative))).Should().Be("data");
            await FluentActions.Awaiting(() => services.Client("key").GetAsync(new Uri("x", UriKind.Relative))).Should().ThrowAsync<Errors.ConnectorException>();
            await FluentActions.Awaiting(() => services.Client("basic").GetAsync(new Uri("x", UriKind.Relative))).Should().ThrowAsync<Errors.ConnectorException>();
        }

        var lines = logs.Lines.ToList();
        lines.Should().Contain(l => l.Contains("Authorization", StringComparison.Ordinal), "request headers are logged at Trace, so the check below means something");
        lines.Should().Contain(l => l.Contains("refreshing it and retrying once", StringComparison.Ordinal));
        lines.Should().Contain(l => l.Contains("retrying in", StringComparison.Ordinal));
        foreach (var secret in new[] { OAuthVendorFake.ClientSecret, OAuthVendorFake.TokenPrefix, apiKey, password, basic })
        {
            lines.Should().NotContain(l => l.Contains(secret, StringComparison.Ordinal), $"no log line may contain '{secret}'");
        }
    }
}
