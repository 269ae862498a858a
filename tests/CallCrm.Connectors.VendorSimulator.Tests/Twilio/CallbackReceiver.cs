using System.Collections.Concurrent;
using System.Net;
using System.Threading.Channels;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace CallCrm.Connectors.VendorSimulator.Tests.Twilio;

/// <summary>A status-callback endpoint on a free 127.0.0.1 port that records each POST (form and signature) and answers with the
/// next scripted status (204 once the script is used up).</summary>
internal sealed class CallbackReceiver : IAsyncDisposable
{
    private readonly WebApplication app;
    private readonly Channel<Received> received = Channel.CreateUnbounded<Received>();
    private readonly ConcurrentQueue<int> answers = new();

    private CallbackReceiver(WebApplication app, Uri url)
    {
        this.app = app;
        Url = url;
    }

    public Uri Url { get; }

    public static async Task<CallbackReceiver> StartAsync(params int[] answers)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        CallbackReceiver? self = null;
        app.MapPost("/twilio/status", async (HttpContext context) =>
        {
            var form = await context.Request.ReadFormAsync();
            await self!.received.Writer.WriteAsync(new Received(
                form.ToDictionary(f => f.Key, f => f.Value.ToString(), StringComparer.Ordinal),
                context.Request.Headers["X-Twilio-Signature"].ToString()));
            context.Response.StatusCode = self.answers.TryDequeue(out var status) ? status : 204;
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        self = new CallbackReceiver(app, new Uri(address.TrimEnd('/') + "/twilio/status"));
        foreach (var answer in answers)
        {
            self.answers.Enqueue(answer);
        }

        return self;
    }

    public async Task<Received> NextAsync() => await received.Reader.ReadAsync(TestContext.CurrentContext.CancellationToken);

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }

    internal sealed record Received(Dictionary<string, string> Form, string Signature);
}
