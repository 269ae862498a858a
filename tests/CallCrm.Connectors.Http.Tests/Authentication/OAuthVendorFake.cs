using System.Text;
using CallCrm.Connectors.Http.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace CallCrm.Connectors.Http.Tests.Authentication;

/// <summary>An OAuth token endpoint and an API that accepts tokens from a chosen serial number on.</summary>
internal sealed class OAuthVendorFake : IAsyncDisposable
{
    public const string ClientId = "acme-client";
    public const string ClientSecret = "s3cr3t-Client-Secret-Value";
    public const string TokenPrefix = "AccessToken-Zq9-";

    private int tokensIssued;
    private int apiCalls;

    private OAuthVendorFake()
    {
    }

    public VendorFake Server { get; private set; } = null!;

    public int TokensIssued => Volatile.Read(ref tokensIssued);

    public int ApiCalls => Volatile.Read(ref apiCalls);

    /// <summary>Gets or sets the lowest token serial the API accepts (tokens 1, 2, ... are issued in order).</summary>
    public int FirstAcceptedToken { get; set; } = 1;

    public bool RejectEverything { get; set; }

    public string? LastClientAuthentication { get; private set; }

    public static async Task<OAuthVendorFake> StartAsync()
    {
        var fake = new OAuthVendorFake();
        fake.Server = await VendorFake.StartAsync(app =>
        {
            app.MapPost("/oauth/token", async (HttpContext context) =>
            {
                var form = await context.Request.ReadFormAsync();
                var basic = context.Request.Headers.Authorization.ToString();
                var (id, secret) = basic.StartsWith("Basic ", StringComparison.Ordinal)
                    ? Split(Encoding.UTF8.GetString(Convert.FromBase64String(basic["Basic ".Length..])))
                    : (form["client_id"].ToString(), form["client_secret"].ToString());
                fake.LastClientAuthentication = basic.Length > 0 ? "basic" : "post";
                if (form["grant_type"] != "client_credentials" || id != ClientId || secret != ClientSecret)
                {
                    return Results.Json(new { error = "invalid_client" }, statusCode: 401);
                }

                // A slow identity provider, so that concurrent requests really wait on one refresh.
                await Task.Delay(50);
                var serial = Interlocked.Increment(ref fake.tokensIssued);
                return Results.Json(new { access_token = TokenPrefix + serial, token_type = "Bearer", expires_in = 3600 });
            });
            app.Map("/api/data", (HttpContext context) =>
            {
                Interlocked.Increment(ref fake.apiCalls);
                var header = context.Request.Headers.Authorization.ToString();
                var accepted = !fake.RejectEverything
                    && header.StartsWith("Bearer " + TokenPrefix, StringComparison.Ordinal)
                    && int.Parse(header[("Bearer " + TokenPrefix).Length..], System.Globalization.CultureInfo.InvariantCulture) >= fake.FirstAcceptedToken;
                return accepted ? Results.Text("data") : Results.StatusCode(401);
            });
        });
        return fake;
    }

    public ValueTask DisposeAsync() => Server.DisposeAsync();

    private static (string Id, string Secret) Split(string credentials)
    {
        var colon = credentials.IndexOf(':', StringComparison.Ordinal);
        return (Uri.UnescapeDataString(credentials[..colon]), Uri.UnescapeDataString(credentials[(colon + 1)..]));
    }
}
