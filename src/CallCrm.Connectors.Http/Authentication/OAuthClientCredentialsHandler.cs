using System.Net;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Logging;

namespace CallCrm.Connectors.Http.Authentication;

/// <summary>Sends the cached access token; on a 401, gets a fresh token (one refresh however many requests were
/// refused with the same token) and sends the request once more.</summary>
internal sealed class OAuthClientCredentialsHandler : DelegatingHandler
{
    private readonly OAuthTokenProvider tokens;
    private readonly string systemName;
    private readonly ILogger logger;

    public OAuthClientCredentialsHandler(OAuthTokenProvider tokens, string systemName, ILogger logger)
    {
        this.tokens = tokens;
        this.systemName = systemName;
        this.logger = logger;
    }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var token = await tokens.GetTokenAsync(null, cancellationToken).ConfigureAwait(false);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token.Value);
        var response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        if (response.StatusCode != HttpStatusCode.Unauthorized)
        {
            return response;
        }

        Log.TokenRejected(logger, systemName);
        response.Dispose();
        token = await tokens.GetTokenAsync(token, cancellationToken).ConfigureAwait(false);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token.Value);
        return await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
    }
}
