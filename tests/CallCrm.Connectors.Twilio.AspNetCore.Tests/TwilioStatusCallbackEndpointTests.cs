using System.Net;
using System.Text;

namespace CallCrm.Connectors.Twilio.AspNetCore.Tests;

[CancelAfter(60_000)]
public sealed class TwilioStatusCallbackEndpointTests
{
    private const string CallSid = "CA00000000000000000000000000000042";
    private const string Key = "twilio:" + CallSid;

    [Test]
    public async Task Post_SignedCompletedCallback_Answers204AndTheCrmHoldsTheCall()
    {
        await using var host = await StatusCallbackHost.StartAsync();

        using var response = await host.PostAsync(StatusCallbackHost.Completed(CallSid));

        response.StatusCode.Should().Be(HttpStatusCode.NoContent);
        host.Crm.GetActivities(Key).Should().ContainSingle().Which.Duration.Should().Be(NodaTime.Duration.FromSeconds(42));
    }

    [Test]
    public async Task Post_SameEventTwice_Answers204BothTimesAndWritesOnce()
    {
        await using var host = await StatusCallbackHost.StartAsync();

        using var first = await host.PostAsync(StatusCallbackHost.Completed(CallSid));
        using var duplicate = await host.PostAsync(StatusCallbackHost.Completed(CallSid));

        first.StatusCode.Should().Be(HttpStatusCode.NoContent);
        duplicate.StatusCode.Should().Be(HttpStatusCode.NoContent, "a 2xx stops Twilio sending the duplicate again");
        host.Crm.CountActivities(Key).Should().Be(1);
    }

    [Test]
    public async Task Post_WrongSignature_Answers403AndStoresNothing()
    {
        await using var host = await StatusCallbackHost.StartAsync();
        var form = StatusCallbackHost.Completed(CallSid);
        var forged = Convert.ToBase64String(new byte[20]);

        using var response = await host.PostAsync(form, signature: forged);

        response.StatusCode.Should().Be(HttpStatusCode.Forbidden);
        host.Crm.CountActivities(Key).Should().Be(0);
    }

    [Test]
    public async Task Post_AlteredParameterAfterSigning_Answers403()
    {
        await using var host = await StatusCallbackHost.StartAsync();
        var form = StatusCallbackHost.Completed(CallSid);
        var url = new Uri(host.Client.BaseAddress!, "/twilio/status").ToString();
        var signature = TwilioSignatureValidatorSign(url, form);
        form["CallDuration"] = "1";

        using var response = await host.PostAsync(form, signature: signature);

        response.StatusCode.Should().Be(HttpStatusCode.Forbidden);
    }

    [Test]
    public async Task Post_NotAForm_Answers400()
    {
        await using var host = await StatusCallbackHost.StartAsync();
        using var content = new StringContent("{\"CallSid\":\"CA1\"}", Encoding.UTF8, "application/json");

        using var response = await host.Client.PostAsync(new Uri("/twilio/status", UriKind.Relative), content);

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
    }

    [Test]
    public async Task Post_SignedCallbackWithoutCallSid_Answers400()
    {
        await using var host = await StatusCallbackHost.StartAsync();
        var form = StatusCallbackHost.Completed(CallSid);
        form.Remove("CallSid");

        using var response = await host.PostAsync(form);

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
    }

    [Test]
    public async Task Post_IngestionFails_Answers503WithRetryAfterAndTheRetryIsNotTakenForAReplay()
    {
        await using var host = await StatusCallbackHost.StartAsync(o =>
        {
            o.StreamName = "no-such-stream";
            o.RetryAfter = TimeSpan.FromSeconds(7);
        });

        using var first = await host.PostAsync(StatusCallbackHost.Completed(CallSid));
        using var retry = await host.PostAsync(StatusCallbackHost.Completed(CallSid));

        first.StatusCode.Should().Be(HttpStatusCode.ServiceUnavailable);
        first.Headers.RetryAfter!.Delta.Should().Be(TimeSpan.FromSeconds(7));
        retry.StatusCode.Should().Be(HttpStatusCode.ServiceUnavailable, "the failed event was forgotten, so its retry is processed again rather than answered as a duplicate");
    }

    [Test]
    public async Task Post_BehindAProxyWithPublicBaseUrl_ChecksTheSignatureAgainstThePublicUrl()
    {
        await using var host = await StatusCallbackHost.StartAsync(o => o.PublicBaseUrl = new Uri("https://crm-sync.example.com"));

        using var signedForPublic = await host.PostAsync(StatusCallbackHost.Completed(CallSid), signedUrl: "https://crm-sync.example.com/twilio/status?tenant=7", path: "/twilio/status?tenant=7");
        using var signedForInternal = await host.PostAsync(StatusCallbackHost.Completed(CallSid, sequence: 4));

        signedForPublic.StatusCode.Should().Be(HttpStatusCode.NoContent);
        signedForInternal.StatusCode.Should().Be(HttpStatusCode.Forbidden);
    }

    [Test]
    public async Task MapTwilioStatusCallbacks_ReturnsABuilderConventionsCanBeAddedTo()
    {
        await using var app = Microsoft.AspNetCore.Builder.WebApplication.CreateSlimBuilder().Build();

        var endpoint = Microsoft.AspNetCore.Builder.TwilioStatusCallbackEndpointRouteBuilderExtensions.MapTwilioStatusCallbacks(app, "/twilio/status");

        endpoint.Should().NotBeNull();
        Microsoft.AspNetCore.Builder.AuthorizationEndpointConventionBuilderExtensions.RequireAuthorization(endpoint, "twilio").Should().BeSameAs(endpoint);
    }

    private static string TwilioSignatureValidatorSign(string url, Dictionary<string, string> form) =>
        Webhooks.TwilioSignatureValidator.ComputeSignature(new Security.Redaction.Secret(StatusCallbackHost.AuthToken), url, form.Select(p => new KeyValuePair<string, string?>(p.Key, p.Value)));
}
