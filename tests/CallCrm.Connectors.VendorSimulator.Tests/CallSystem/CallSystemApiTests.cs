using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using CallCrm.Connectors.VendorSimulator.CallSystem;
using CallCrm.Connectors.VendorSimulator.Tests.Infrastructure;

namespace CallCrm.Connectors.VendorSimulator.Tests.CallSystem;

public sealed class CallSystemApiTests
{
    private const string Body = """{"contractVersion":1,"customerId":"1001","version":3,"changedAt":"2026-11-24T15:00:00Z","tags":[{"name":"vip","value":null},{"name":"language","value":"de"}]}""";

    private static HttpRequestMessage Push(string body, string? signature, string eventId = "evt-1")
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "callsystem/tags") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        if (signature is not null)
        {
            request.Headers.Add(WebhookSignature.HeaderName, signature);
        }

        request.Headers.Add(WebhookSignature.EventIdHeaderName, eventId);
        return request;
    }

    private static string Sign(string body, DateTimeOffset at, string secret = SimulatorCredentials.CallSystemWebhookSecret) =>
        WebhookSignature.Create(secret, at, Encoding.UTF8.GetBytes(body));

    [Test]
    public async Task SignedPush_IsStoredOnce_AndAReplayedEventIdChangesNothing()
    {
        await using var sim = await SimulatorFixture.StartAsync();

        using var first = await sim.Http.SendAsync(Push(Body, Sign(Body, sim.Clock.GetUtcNow())));
        using var replay = await sim.Http.SendAsync(Push(Body, Sign(Body, sim.Clock.GetUtcNow())));
        var stored = await SimulatorFixture.JsonAsync(await sim.Http.GetAsync(new Uri("callsystem/tags/1001", UriKind.Relative)));

        first.StatusCode.Should().Be(HttpStatusCode.OK);
        (await SimulatorFixture.JsonAsync(first))["status"]!.GetValue<string>().Should().Be("applied");
        (await SimulatorFixture.JsonAsync(replay))["status"]!.GetValue<string>().Should().Be("duplicate");
        stored["version"]!.GetValue<long>().Should().Be(3);
        stored["tags"]!.AsArray().Select(t => t!["name"]!.GetValue<string>()).Should().Equal("vip", "language");
        var state = await sim.StateAsync();
        state["tagsPushed"]!.GetValue<long>().Should().Be(1);
        state["tagPushReplays"]!.GetValue<long>().Should().Be(1);
    }

    [Test]
    public async Task OlderVersion_DoesNotOverwriteNewerTags()
    {
        await using var sim = await SimulatorFixture.StartAsync();
        var older = Body.Replace("\"version\":3", "\"version\":2", StringComparison.Ordinal).Replace("vip", "regular", StringComparison.Ordinal);

        await sim.Http.SendAsync(Push(Body, Sign(Body, sim.Clock.GetUtcNow()), "evt-new"));
        using var response = await sim.Http.SendAsync(Push(older, Sign(older, sim.Clock.GetUtcNow()), "evt-old"));
        var stored = await SimulatorFixture.JsonAsync(await sim.Http.GetAsync(new Uri("callsystem/tags/1001", UriKind.Relative)));

        (await SimulatorFixture.JsonAsync(response))["status"]!.GetValue<string>().Should().Be("superseded");
        stored["tags"]![0]!["name"]!.GetValue<string>().Should().Be("vip");
    }

    [Test]
    public async Task Push_WithBadOrMissingSignature_Returns401AndStoresNothing()
    {
        await using var sim = await SimulatorFixture.StartAsync();
        var tampered = Body.Replace("vip", "vvip", StringComparison.Ordinal);

        using var wrongSecret = await sim.Http.SendAsync(Push(Body, Sign(Body, sim.Clock.GetUtcNow(), "other-secret")));
        using var tamperedBody = await sim.Http.SendAsync(Push(tampered, Sign(Body, sim.Clock.GetUtcNow())));
        using var missing = await sim.Http.SendAsync(Push(Body, null));

        new[] { wrongSecret, tamperedBody, missing }.Should().OnlyContain(r => r.StatusCode == HttpStatusCode.Unauthorized);
        (await SimulatorFixture.JsonAsync(wrongSecret))["error"]!.GetValue<string>().Should().Be("invalid_signature");
        (await sim.StateAsync())["tagsPushed"]!.GetValue<long>().Should().Be(0);
    }

    [Test]
    public async Task Push_SignedLongAgo_Returns401StaleTimestamp()
    {
        await using var sim = await SimulatorFixture.StartAsync();
        var signature = Sign(Body, sim.Clock.GetUtcNow());
        sim.Clock.Advance(TimeSpan.FromMinutes(6));

        using var response = await sim.Http.SendAsync(Push(Body, signature));

        response.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        (await SimulatorFixture.JsonAsync(response))["error"]!.GetValue<string>().Should().Be("stale_timestamp");
    }

    [Test]
    public async Task Push_OfANewerContractVersion_Returns422()
    {
        await using var sim = await SimulatorFixture.StartAsync();
        var newer = Body.Replace("\"contractVersion\":1", "\"contractVersion\":2", StringComparison.Ordinal);

        using var response = await sim.Http.SendAsync(Push(newer, Sign(newer, sim.Clock.GetUtcNow())));

        response.StatusCode.Should().Be(HttpStatusCode.UnprocessableEntity);
    }
}
