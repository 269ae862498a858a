using System.Globalization;
using System.Security.Claims;
using CallCrm.Connectors.Errors;
using CallCrm.Connectors.Http;
using CallCrm.Connectors.HubSpot;
using CallCrm.Connectors.ScreenPop;
using CallCrm.Connectors.Security;
using CallCrm.Connectors.Security.Redaction;
using CallCrm.Connectors.Storage.Sqlite;
using CallCrm.Connectors.VendorSimulator;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.ResponseCompression;

namespace CallCrm.Connectors.Samples.ScreenPopApi;

/// <summary>The screen-pop API and agent panel, startable in-process (tests) or from <c>Program</c>.</summary>
public sealed class ScreenPopApiHost : IAsyncDisposable
{
    private readonly WebApplication app;

    private ScreenPopApiHost(WebApplication app, Uri baseAddress, VendorSimulatorHost? simulator)
    {
        this.app = app;
        BaseAddress = baseAddress;
        Simulator = simulator;
    }

    /// <summary>Gets the address the API listens on.</summary>
    public Uri BaseAddress { get; }

    /// <summary>Gets the in-process simulator, when the host started one (no <see cref="ScreenPopApiSettings.SimulatorUrl"/>).</summary>
    public VendorSimulatorHost? Simulator { get; }

    /// <summary>Gets the application's services.</summary>
    public IServiceProvider Services => app.Services;

    /// <summary>Starts the API (and a simulator unless one is given).</summary>
    /// <param name="settings">The settings.</param>
    /// <param name="cancellationToken">Cancels the start.</param>
    /// <returns>The running host.</returns>
    public static async Task<ScreenPopApiHost> StartAsync(ScreenPopApiSettings settings, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var simulator = settings.SimulatorUrl is null
            ? await VendorSimulatorHost.StartAsync(new SimulatorOptions { Port = 0, Calls = 50 }, cancellationToken)
            : null;
        var hubSpotUrl = settings.SimulatorUrl ?? simulator!.BaseAddress;
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(settings.StatePath))!);

        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            ContentRootPath = AppContext.BaseDirectory,
            WebRootPath = Path.Combine(AppContext.BaseDirectory, "wwwroot"),
        });
        builder.WebHost.UseUrls(string.Create(CultureInfo.InvariantCulture, $"http://127.0.0.1:{settings.Port}"));
        builder.Logging.AddCallCrmRedaction();

        // Agents' panels poll JSON over slow branch-office links: Brotli first, gzip for older clients.
        builder.Services.AddResponseCompression(o =>
        {
            o.EnableForHttps = true; // the responses hold no secret an attacker could guess byte by byte (BREACH); revisit if they do
            o.Providers.Add<BrotliCompressionProvider>();
            o.Providers.Add<GzipCompressionProvider>();
        });
        builder.Services.AddAuthentication(DevHeaderAuthenticationHandler.SchemeName)
            .AddScheme<AuthenticationSchemeOptions, DevHeaderAuthenticationHandler>(DevHeaderAuthenticationHandler.SchemeName, null);
        builder.Services.AddAuthorization();
        builder.Services.AddHealthChecks();

        builder.Services.AddHubSpotCrm(o =>
        {
            o.BaseAddress = hubSpotUrl;
            o.AccessToken = new Secret(SimulatorCredentials.HubSpotAccessToken);
            o.AllowInsecureLoopback = true; // the simulator speaks plain HTTP on 127.0.0.1 only
            o.DefaultRegion = "US";
        });
        // An agent is waiting for the card: fail fast and let the cache serve a stale card instead of retrying for seconds.
        builder.Services.Configure<ConnectorHttpClientOptions>(HubSpotOptions.HttpClientName, o =>
        {
            o.Retry.MaxRetryAttempts = 1;
            o.Retry.BaseDelay = TimeSpan.FromMilliseconds(100);
            o.AttemptTimeout = TimeSpan.FromSeconds(3);
            o.TotalRequestTimeout = TimeSpan.FromSeconds(5);
        });
        builder.Services.AddSqliteStateStore(o => o.DataSource = settings.StatePath);
        builder.Services.AddCallCrmAuditLog(o => o.SealingKey = new Secret(settings.AuditSealingKey));
        builder.Services.AddCallCrmScreenPop(o =>
        {
            o.Region = "US";
            o.CrmDisplayName = "HubSpot";
            o.CreateLeadUrlTemplate = "https://app.hubspot.com/contacts/0/objects/0-1/views/all/list?createNewContact=true&phone={phone}";
        });
        builder.Services.ConfigureHttpJsonOptions(o => o.SerializerOptions.TypeInfoResolverChain.Insert(0, ScreenPopJsonContext.Default));

        var app = builder.Build();
        app.UseResponseCompression();
        app.UseRequestLocalization(o => o.AddSupportedUICultures("en", "zh-Hans", "zh-CN").SetDefaultCulture("en").AddSupportedCultures("en", "zh-Hans", "zh-CN"));
        app.UseDefaultFiles();
        app.UseStaticFiles();
        app.UseAuthentication();
        app.UseAuthorization();

        app.MapGet("/screen-pop", LookupAsync).RequireAuthorization();
        app.MapPost("/ringing", PreloadAsync).RequireAuthorization();
        app.MapHealthChecks("/health");

        await app.StartAsync(cancellationToken);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new ScreenPopApiHost(app, new Uri(address.TrimEnd('/') + "/"), simulator);
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
        if (Simulator is not null)
        {
            await Simulator.DisposeAsync();
        }
    }

    /// <summary>Waits until the application stops (Ctrl+C).</summary>
    /// <returns>A task that completes on shutdown.</returns>
    public Task WaitForShutdownAsync() => app.WaitForShutdownAsync();

    private static async Task<IResult> LookupAsync(string? phone, ClaimsPrincipal user, IScreenPopService screenPop, CancellationToken cancellationToken)
    {
        try
        {
            var card = await screenPop.LookupAsync(phone, user, cancellationToken);
            return TypedResults.Json(ScreenPopResponse.From(card), ScreenPopJsonContext.Default.ScreenPopResponse);
        }
        catch (ConnectorException ex) when (ex.Code.Is(ConnectorErrorCode.AccessDenied))
        {
            return TypedResults.Json(new ErrorResponse(ex.Code.Value, ex.UserMessage), ScreenPopJsonContext.Default.ErrorResponse, statusCode: StatusCodes.Status403Forbidden);
        }
    }

    // The call system's "ringing" event: load the card before the agent answers.
    private static async Task<IResult> PreloadAsync(string? phone, IScreenPopService screenPop, CancellationToken cancellationToken) =>
        await screenPop.PreloadAsync(phone, cancellationToken) ? TypedResults.Accepted((string?)null) : TypedResults.NoContent();
}
