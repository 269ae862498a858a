using System.Net.Http;
using System.Net.Http.Headers;
using System.Threading;
using System.Threading.Tasks;
using CallCrm.Connectors.Errors;

namespace CallCrm.Connectors.HubSpot.Internal;

/// <summary>
/// Sets <c>Authorization: Bearer</c> on every attempt: the OAuth token provider's current token (so a retry after a
/// refresh carries the new one) or the private app token.
/// </summary>
internal sealed class HubSpotAuthenticationHandler : DelegatingHandler
{
    private readonly HubSpotOptions options;

    public HubSpotAuthenticationHandler(HubSpotOptions options)
    {
        this.options = options;
    }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var token = options.AccessTokenProvider is { } provider
            ? await provider(cancellationToken).ConfigureAwait(false)
            : options.AccessToken?.Reveal();
        if (string.IsNullOrWhiteSpace(token))
        {
            throw new ConnectorException(new ConnectorError
            {
                Code = ConnectorErrorCode.AuthenticationFailed,
                SystemName = options.SystemName,
                TechnicalDetail = "The access token provider returned no token.",
            });
        }

        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
    }
}
