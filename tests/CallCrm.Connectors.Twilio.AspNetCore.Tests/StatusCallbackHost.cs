using System.Globalization;
using CallCrm.Connectors.Security.Redaction;
using CallCrm.Connectors.Testing.InMemory;
using CallCrm.Connectors.Twilio.AspNetCore;
using CallCrm.Connectors.Twilio.Webhooks;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace CallCrm.Connectors.Twilio.AspNetCore.Tests;

/// <summary>A web host on the test server with a Twilio account, a SQLite state file, an in-memory CRM and one call-log stream
/// (<c>calls</c>: twilio → crm, batches of one so a push settles without waiting for the batch delay), and a client that signs
/// callbacks as Twilio does.</summary>
internal sealed class StatusCallbackHost : IAsyncDisposable
{
    public const string AccountSid = "AC00000000000000000000000000000001";
    public const string AuthToken = "test-auth-token";
    public static readonly DateTimeOffset Now = new(2026, 6, 1, 12, 0, 0, TimeSpan.Zero);

    private readonly WebApplication app;
    private readonly string directory;

    private StatusCallbackHost(WebApplication app, string directory, InMemoryCrm crm)
    {
        this.app = app;
        this.directory = directory;
        Crm = crm;
        Client = app.GetTestClient();
    }

    public InMemoryCrm Crm { get; }

    public HttpClient Client { get; }

    public IServiceProvider Services => app.Services;

    public static async Task<StatusCallbackHost> StartAsync(Action<TwilioStatusCallbackEndpointOptions>? configure = null)
    {
        var directory = Path.Combine(Path.GetTempPath(), "callcrm-twilio-aspnetcore-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory);
        var crm = new InMemoryCrm();
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseTestServer();
        builder.Services.AddSingleton<TimeProvider>(new FakeTimeProvider(Now));
        builder.Services.AddTwilioCallSource(o =>
        {
            o.AccountSid = AccountSid;
            o.AuthToken = new Secret(AuthToken);
        });
        builder.Services.AddCallCrmConnectors(c => c
            .UseSqliteStateStore(o => o.DataSource = Path.Combine(directory, "state.db"))
            .AddCrmSink("crm", _ => new InMemoryCrmSink(crm))
            .AddCallLogStream("calls", "twilio", "crm", s => s.Sync.MaxBatchSize = 1)
            .Configure(o => o.RunStreams = false));
        var app = builder.Build();
        app.MapTwilioStatusCallbacks("/twilio/status", configure ?? (_ => { }));
        await app.StartAsync();
        return new StatusCallbackHost(app, directory, crm);
    }

    public static Dictionary<string, string> Completed(string callSid, int sequence = 3) => new(StringComparer.Ordinal)
    {
        ["AccountSid"] = AccountSid,
        ["CallSid"] = callSid,
        ["CallStatus"] = "completed",
        ["SequenceNumber"] = sequence.ToString(CultureInfo.InvariantCulture),
        ["Timestamp"] = Now.AddSeconds(-1).ToString("ddd, dd MMM yyyy HH:mm:ss '+0000'", CultureInfo.InvariantCulture),
        ["CallDuration"] = "42",
        ["From"] = "+14155550100",
        ["To"] = "+14155550199",
        ["Direction"] = "inbound",
        ["ApiVersion"] = "2010-04-01",
        ["CallbackSource"] = "call-progress-events",
    };

    public async Task<HttpResponseMessage> PostAsync(IReadOnlyDictionary<string, string> form, string? signedUrl = null, string path = "/twilio/status", string? signature = null)
    {
        var url = signedUrl ?? new Uri(Client.BaseAddress!, path).ToString();
        signature ??= TwilioSignatureValidator.ComputeSignature(new Secret(AuthToken), url, form.Select(p => new KeyValuePair<string, string?>(p.Key, p.Value)));
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new FormUrlEncodedContent(form) };
        request.Headers.Add(TwilioSignatureValidator.HeaderName, signature);
        return await Client.SendAsync(request);
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await app.StopAsync();
        await app.DisposeAsync();
        try
        {
            Directory.Delete(directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
