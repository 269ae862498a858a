using System;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using CallCrm.Connectors.Errors;

namespace CallCrm.Connectors.HubSpot.Internal;

/// <summary>Reads one contact (<c>GET crm/v3/objects/contacts?limit=1</c>): the cheapest request every portal the
/// provider works with must allow (contacts are read by every role of the provider), and it changes nothing.</summary>
internal sealed class HubSpotConnectionCheck
{
    private readonly IHttpClientFactory factory;
    private readonly string clientName;

    public HubSpotConnectionCheck(IHttpClientFactory factory, string clientName)
    {
        this.factory = factory;
        this.clientName = clientName;
    }

    public async ValueTask<ConnectorError?> CheckAsync(CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri("crm/v3/objects/contacts?limit=1", UriKind.Relative));
        try
        {
            using var response = await factory.CreateClient(clientName).SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
            return null;
        }
        catch (ConnectorException ex)
        {
            return ex.Error;
        }
    }
}
