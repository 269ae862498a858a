using System.Collections.Concurrent;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace CallCrm.Connectors.Webhooks.Tests.Infrastructure;

/// <summary>A tiny receiver on 127.0.0.1 that keeps every request exactly as it arrived and answers as told.</summary>
internal sealed class CapturingReceiver : IAsyncDisposable
{
    private readonly WebApplication app;
    private readonly ConcurrentQueue<ReceivedRequest> requests = new();

    private CapturingReceiver(WebApplication app, Uri endpoint)
    {
        this.app = app;
        Endpoint = endpoint;
    }

    public Uri Endpoint { get; }

    public IReadOnlyList<ReceivedRequest> Requests => [.. requests];

    /// <summary>Gets or sets the answer to the next requests, from the request's index (0-based) and the request.</summary>
    public Func<int, ReceivedRequest, Answer> Respond { get; set; } = (_, _) => new Answer(200, """{"status":"applied"}""");

    public static async Task<CapturingReceiver> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel(options => options.Listen(IPAddress.Loopback, 0));
        builder.Logging.ClearProviders();
        var app = builder.Build();
        CapturingReceiver? receiver = null;
        app.MapPost("/hooks/tags", async context =>
        {
            using var buffer = new MemoryStream();
            await context.Request.Body.CopyToAsync(buffer);
            var request = new ReceivedRequest(
                context.Request.Method,
                context.Request.Path + context.Request.QueryString,
                context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase),
                buffer.ToArray());
            receiver!.requests.Enqueue(request);
            var answer = receiver.Respond(receiver.requests.Count - 1, request);
            context.Response.StatusCode = answer.Status;
            foreach (var (name, value) in answer.Headers ?? new Dictionary<string, string>())
            {
                context.Response.Headers[name] = value;
            }

            if (answer.Body is { } body)
            {
                context.Response.ContentType = "application/json";
                await context.Response.WriteAsync(body);
            }
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        receiver = new CapturingReceiver(app, new Uri(address.TrimEnd('/') + "/hooks/tags"));
        return receiver;
    }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }
}

internal sealed record ReceivedRequest(string Method, string PathAndQuery, IReadOnlyDictionary<string, string> Headers, byte[] Body);

internal sealed record Answer(int Status, string? Body = null, IReadOnlyDictionary<string, string>? Headers = null);
