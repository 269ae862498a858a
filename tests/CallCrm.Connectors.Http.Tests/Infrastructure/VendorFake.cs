using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace CallCrm.Connectors.Http.Tests.Infrastructure;

/// <summary>A real HTTP server on 127.0.0.1 (a free port) playing the vendor; counts the requests it receives.</summary>
internal sealed class VendorFake : IAsyncDisposable
{
    private readonly WebApplication app;
    private int hits;

    private VendorFake(WebApplication app, Uri baseAddress)
    {
        this.app = app;
        BaseAddress = baseAddress;
    }

    public Uri BaseAddress { get; }

    public int Hits => Volatile.Read(ref hits);

    public static async Task<VendorFake> StartAsync(Action<WebApplication> map)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel(options => options.Listen(IPAddress.Loopback, 0));
        builder.Logging.ClearProviders();
        var app = builder.Build();
        VendorFake? fake = null;
        app.Use(async (context, next) =>
        {
            Interlocked.Increment(ref fake!.hits);
            await next(context);
        });
        map(app);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        fake = new VendorFake(app, new Uri(address.TrimEnd('/') + "/"));
        return fake;
    }

    public Uri Url(string relative) => new(BaseAddress, relative);

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }
}
