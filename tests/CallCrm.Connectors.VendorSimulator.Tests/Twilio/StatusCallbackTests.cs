using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using CallCrm.Connectors.VendorSimulator.Tests.Infrastructure;
using CallCrm.Connectors.VendorSimulator.Twilio;

namespace CallCrm.Connectors.VendorSimulator.Tests.Twilio;

[CancelAfter(30_000)]
public sealed class StatusCallbackTests
{
    [Test]
    public async Task StatusChanges_SendSignedTwilioCallbacks_WithASequenceNumberPerCall()
    {
        await using var receiver = await CallbackReceiver.StartAsync();
        await using var sim = await StartAsync(receiver, new StatusCallbackSettings());

        await AddCallAsync(sim, "CA00000000000000000000000000000001", "ringing");
        var ringing = await receiver.NextAsync();
        await CompleteAsync(sim, "CA00000000000000000000000000000001", 95);
        var completed = await receiver.NextAsync();

        ringing.Form.Should().Contain(new Dictionary<string, string>
        {
            ["AccountSid"] = SimulatorCredentials.TwilioAccountSid,
            ["CallSid"] = "CA00000000000000000000000000000001",
            ["CallStatus"] = "ringing",
            ["SequenceNumber"] = "0",
            ["From"] = "+14155550100",
            ["To"] = "+14155550199",
            ["Direction"] = "inbound",
            ["ApiVersion"] = "2010-04-01",
            ["CallbackSource"] = "call-progress-events",
            ["Timestamp"] = SimulatorFixture.Anchor.ToString("ddd, dd MMM yyyy HH:mm:ss '+0000'", CultureInfo.InvariantCulture),
        });
        ringing.Form.Should().NotContainKey("CallDuration", "only a final status carries the duration");
        completed.Form.Should().Contain("CallStatus", "completed").And.Contain("SequenceNumber", "1").And.Contain("CallDuration", "95");
        ringing.Signature.Should().Be(ExpectedSignature(receiver.Url.ToString(), ringing.Form));
        completed.Signature.Should().Be(ExpectedSignature(receiver.Url.ToString(), completed.Form));
    }

    [Test]
    public async Task NonSuccessAnswer_IsRetriedUntilAccepted()
    {
        await using var receiver = await CallbackReceiver.StartAsync(503, 500);
        await using var sim = await StartAsync(receiver, new StatusCallbackSettings { RetryDelay = TimeSpan.Zero });

        await AddCallAsync(sim, "CA00000000000000000000000000000002", "completed");
        var first = await receiver.NextAsync();
        var second = await receiver.NextAsync();
        var third = await receiver.NextAsync();
        await sim.Host.DrainStatusCallbacksAsync(TimeSpan.FromSeconds(10));

        new[] { second.Form, third.Form }.Should().AllBeEquivalentTo(first.Form, "a retry is the same callback");
        sim.Host.GetStatusCallbackCounts().Should().Be((3L, 1L, 2L, 0L, 0L, 0L));
    }

    [Test]
    public async Task NoSuccessWithinMaxAttempts_IsGivenUp()
    {
        await using var receiver = await CallbackReceiver.StartAsync(503, 503);
        await using var sim = await StartAsync(receiver, new StatusCallbackSettings { RetryDelay = TimeSpan.Zero, MaxAttempts = 2 });

        await AddCallAsync(sim, "CA00000000000000000000000000000003", "completed");
        await receiver.NextAsync();
        await receiver.NextAsync();
        await sim.Host.DrainStatusCallbacksAsync(TimeSpan.FromSeconds(10));

        sim.Host.GetStatusCallbackCounts().Abandoned.Should().Be(1);
    }

    [Test]
    public async Task DuplicateRateOne_SendsEveryDeliveredCallbackTwice()
    {
        await using var receiver = await CallbackReceiver.StartAsync();
        await using var sim = await StartAsync(receiver, new StatusCallbackSettings { DuplicateRate = 1 });

        await AddCallAsync(sim, "CA00000000000000000000000000000004", "completed");
        var original = await receiver.NextAsync();
        var duplicate = await receiver.NextAsync();

        duplicate.Should().BeEquivalentTo(original, "a duplicate repeats the callback and its signature exactly");
    }

    [Test]
    public async Task HeldBackCallback_ArrivesAfterTheNextOneOfItsCall()
    {
        // The first status change draws "hold back", the second "send now" (the seeded sequence decides, the same every run).
        var seed = Enumerable.Range(0, 1000).First(s =>
        {
            var random = new Random(s);
            return random.NextDouble() < 0.5 && random.NextDouble() >= 0.5;
        });
        await using var receiver = await CallbackReceiver.StartAsync();
        await using var sim = await StartAsync(receiver, new StatusCallbackSettings { ReorderRate = 0.5, ReorderDelay = TimeSpan.FromHours(1) }, seed);

        await AddCallAsync(sim, "CA00000000000000000000000000000005", "in-progress");
        await CompleteAsync(sim, "CA00000000000000000000000000000005", 30);
        var firstArrived = await receiver.NextAsync();
        var secondArrived = await receiver.NextAsync();

        firstArrived.Form["CallStatus"].Should().Be("completed");
        secondArrived.Form["CallStatus"].Should().Be("in-progress", "it was held back until the later status was delivered");
        sim.Host.GetStatusCallbackCounts().Reordered.Should().Be(1);
    }

    private static Task<SimulatorFixture> StartAsync(CallbackReceiver receiver, StatusCallbackSettings settings, int seed = 42) =>
        SimulatorFixture.StartAsync(o => o.StatusCallbacks = settings with { Url = receiver.Url }, calls: 0, contacts: 0, seed: seed);

    private static async Task AddCallAsync(SimulatorFixture sim, string sid, string status)
    {
        using var response = await sim.Http.PostAsync(
            new Uri("_sim/twilio/calls", UriKind.Relative),
            SimulatorFixture.Json($$"""{"sid":"{{sid}}","from":"+14155550100","to":"+14155550199","status":"{{status}}","durationSeconds":95}"""));
        response.StatusCode.Should().Be(HttpStatusCode.Created);
    }

    private static async Task CompleteAsync(SimulatorFixture sim, string sid, int seconds)
    {
        using var response = await sim.Http.PostAsync(
            new Uri($"_sim/twilio/calls/{sid}", UriKind.Relative),
            SimulatorFixture.Json($$"""{"status":"completed","durationSeconds":{{seconds}}}"""));
        response.StatusCode.Should().Be(HttpStatusCode.OK);
    }

    // Twilio's scheme, written out independently of the simulator: base64 HMAC-SHA1 (auth token) over URL + sorted name+value.
    private static string ExpectedSignature(string url, Dictionary<string, string> form)
    {
        var data = url + string.Concat(form.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => p.Key + p.Value));
#pragma warning disable CA5350
        return Convert.ToBase64String(HMACSHA1.HashData(Encoding.UTF8.GetBytes(SimulatorCredentials.TwilioAuthToken), Encoding.UTF8.GetBytes(data)));
#pragma warning restore CA5350
    }
}
