using System;
using System.Collections.Generic;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using CallCrm.Connectors.Errors;
using CallCrm.Connectors.Http.ErrorHandling;
using CallCrm.Connectors.Http.Diagnostics;
using Microsoft.Extensions.Logging;

namespace CallCrm.Connectors.Http.Authentication;

/// <summary>Gets, caches and refreshes one client's access token. However many requests wait, one token request is in
/// flight at a time; a token is replaced <see cref="OAuthClientCredentialsOptions.RefreshMargin"/> before it expires,
/// or when the vendor refuses it (once per refused token, not once per refused request).</summary>
internal sealed class OAuthTokenProvider : IDisposable
{
    private const int MaxTokenResponseBytes = 64 * 1024;
    private readonly SemaphoreSlim refreshGate = new(1, 1);
    private readonly Func<HttpClient> createClient;
    private readonly OAuthClientCredentialsOptions options;
    private readonly string systemName;
    private readonly TimeProvider timeProvider;
    private readonly ILogger logger;
    private readonly ConnectorHttpMetrics? metrics;
    private AccessToken? current;

    public OAuthTokenProvider(Func<HttpClient> createClient, OAuthClientCredentialsOptions options, string systemName, TimeProvider timeProvider, ILogger logger, ConnectorHttpMetrics? metrics = null)
    {
        this.metrics = metrics;
        this.createClient = createClient;
        this.options = options;
        this.systemName = systemName;
        this.timeProvider = timeProvider;
        this.logger = logger;
    }

    /// <summary>Gets a token that is not <paramref name="rejected"/> and not about to expire.</summary>
    public async ValueTask<AccessToken> GetTokenAsync(AccessToken? rejected, CancellationToken cancellationToken)
    {
        var cached = Volatile.Read(ref current);
        if (IsUsable(cached, rejected))
        {
            return cached!;
        }

        await refreshGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            // Whoever held the gate before us may have fetched the token we need.
            cached = current;
            if (IsUsable(cached, rejected))
            {
                return cached!;
            }

            var fresh = await RequestTokenAsync(cancellationToken).ConfigureAwait(false);
            Volatile.Write(ref current, fresh);
            return fresh;
        }
        finally
        {
            refreshGate.Release();
        }
    }

    public void Dispose() => refreshGate.Dispose();

    private bool IsUsable(AccessToken? token, AccessToken? rejected) =>
        token is not null && !ReferenceEquals(token, rejected) && timeProvider.GetUtcNow() < token.ExpiresAt - options.RefreshMargin;

    private async Task<AccessToken> RequestTokenAsync(CancellationToken cancellationToken)
    {
        var form = new List<KeyValuePair<string, string>> { new("grant_type", "client_credentials") };
        if (!string.IsNullOrWhiteSpace(options.Scope))
        {
            form.Add(new("scope", options.Scope));
        }

        foreach (var parameter in options.AdditionalParameters)
        {
            form.Add(parameter);
        }

        using var request = new HttpRequestMessage(HttpMethod.Post, options.TokenEndpoint);
        if (options.AuthenticationMethod == OAuthClientAuthenticationMethod.ClientSecretPost)
        {
            form.Add(new("client_id", options.ClientId));
            form.Add(new("client_secret", options.ClientSecret?.Reveal() ?? string.Empty));
        }
        else
        {
            // RFC 6749 2.3.1: id and secret are form-url-encoded before being joined for basic authentication.
            var credentials = Uri.EscapeDataString(options.ClientId) + ":" + Uri.EscapeDataString(options.ClientSecret?.Reveal() ?? string.Empty);
            request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(credentials)));
        }

        request.Content = new FormUrlEncodedContent(form);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));

        var requestedAt = timeProvider.GetUtcNow();
        using var response = await createClient().SendAsync(request, cancellationToken).ConfigureAwait(false);
        var body = await ErrorResponseReader.ReadLimitedAsync(response.Content, MaxTokenResponseBytes, cancellationToken).ConfigureAwait(false);
        var token = Parse(body);
        var status = (int)response.StatusCode;
        if (!response.IsSuccessStatusCode)
        {
            var oauthError = token?.Error ?? "no error code";
            metrics?.TokenRequest(systemName, succeeded: false);
            Log.TokenRequestFailed(logger, systemName, status, oauthError);

            // invalid_client and friends come back as 400 or 401: either way the credentials are what is wrong.
            var error = status is 400 or 401
                ? new ConnectorError
                {
                    Code = ConnectorErrorCode.AuthenticationFailed,
                    SystemName = systemName,
                    HttpStatus = status,
                    TechnicalDetail = "The token endpoint refused the client credentials (" + oauthError + ").",
                }
                : ConnectorErrorClassifier.FromHttpResponse(status, systemName, technicalDetail: "Token request failed: " + ErrorResponseReader.Describe(response));
            throw new ConnectorException(error);
        }

        if (token?.AccessToken is not { Length: > 0 } value || !string.Equals(token.TokenType ?? "Bearer", "Bearer", StringComparison.OrdinalIgnoreCase))
        {
            throw new ConnectorException(new ConnectorError
            {
                Code = ConnectorErrorCode.MalformedResponse,
                SystemName = systemName,
                TechnicalDetail = "The token endpoint's answer has no bearer access_token.",
            });
        }

        // Counted from when we asked, not when the answer came: the server's clock started no later than that.
        var lifetime = token.ExpiresIn is { } seconds && seconds > 0 ? TimeSpan.FromSeconds(seconds) : options.DefaultTokenLifetime;
        Log.TokenAcquired(logger, systemName, lifetime);
        metrics?.TokenRequest(systemName, succeeded: true);
        return new AccessToken(value, requestedAt + lifetime);
    }

    private TokenResponse? Parse(byte[]? body)
    {
        if (body is null)
        {
            throw new ConnectorException(new ConnectorError
            {
                Code = ConnectorErrorCode.MalformedResponse,
                SystemName = systemName,
                TechnicalDetail = "The token endpoint's answer is larger than 64 KiB.",
            });
        }

        try
        {
            return body.Length == 0 ? null : JsonSerializer.Deserialize(body, TokenJsonContext.Default.TokenResponse);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
