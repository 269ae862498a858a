using System.Net;
using CallCrm.Connectors.Errors;
using CallCrm.Connectors.Providers;
using CallCrm.Connectors.Security.Redaction;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace CallCrm.Connectors.Twilio.Tests;

public sealed class TwilioUrlGuardTests
{
    [Test]
    public async Task ReadAsync_NextPageUriOnAnotherHost_IsRefusedAndNeverRequested()
    {
        var served = 0;
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0));
        await using var fake = builder.Build();
        fake.MapGet("/2010-04-01/Accounts/{account}/Calls.json", () =>
        {
            Interlocked.Increment(ref served);
            return Results.Text("""
                {"calls":[],"next_page_uri":"https://attacker.example/2010-04-01/Accounts/AC00000000000000000000000000000042/Calls.json?PageToken=PA1","page":0,"page_size":50}
                """, "application/json");
        });
        await fake.StartAsync();
        var address = new Uri(fake.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
        using var services = new ServiceCollection().AddTwilioCallSource(o =>
        {
            o.AccountSid = "AC00000000000000000000000000000042";
            o.AuthToken = new Secret("token");
            o.BaseAddress = address;
            o.AllowInsecureLoopback = true;
            o.IncludeQueuedCalls = false;
        }).Services.BuildServiceProvider();
        var source = services.GetRequiredService<ICallSource>();

        var act = async () =>
        {
            await foreach (var item in source.ReadAsync(new ReadRequest(null, NodaTime.Instant.FromUtc(2026, 11, 24, 0, 0))))
            {
                Assert.Fail("no call was served");
            }
        };

        var error = (await act.Should().ThrowAsync<ConnectorException>()).Which;
        error.Code.Should().Be(ConnectorErrorCode.InsecureTransport);
        error.Error.TechnicalDetail.Should().Contain("attacker.example");
        served.Should().Be(1);
    }
}
