using System;
using System.Globalization;
using System.Net;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using CallCrm.Connectors.Errors;
using Microsoft.Extensions.Logging;

namespace CallCrm.Connectors.Http.Security;

/// <summary>Checks the request's URI against the vendor guard, then follows redirects itself (automatic redirects are
/// off in the primary handler), each hop checked by the same guard, at most a bounded number of hops.</summary>
internal sealed class RedirectHandler : DelegatingHandler
{
    private readonly VendorUrlGuard guard;
    private readonly int maxRedirects;
    private readonly string systemName;
    private readonly ILogger logger;

    public RedirectHandler(VendorUrlGuard guard, int maxRedirects, string systemName, ILogger logger)
    {
        this.guard = guard;
        this.maxRedirects = maxRedirects;
        this.systemName = systemName;
        this.logger = logger;
    }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        CheckUri(request.RequestUri);
        for (var hop = 0; ; hop++)
        {
            var response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
            if (!IsRedirect(response.StatusCode) || response.Headers.Location is not { } location)
            {
                return response;
            }

            using (response)
            {
                if (hop >= maxRedirects)
                {
                    throw Refused(ConnectorErrorCode.MalformedResponse, string.Create(CultureInfo.InvariantCulture, $"More than {maxRedirects} redirects."));
                }

                var target = CheckUri(location.IsAbsoluteUri ? location : new Uri(request.RequestUri!, location));
                Log.RedirectFollowed(logger, systemName, (int)response.StatusCode, target.IdnHost);

                // RFC 9110 15.4: 303 always becomes GET; 301/302 after POST do so in every browser and most servers
                // expect it; 307/308 repeat the method and body.
                var status = response.StatusCode;
                if (status == HttpStatusCode.SeeOther || ((status is HttpStatusCode.Moved or HttpStatusCode.Found) && request.Method == HttpMethod.Post))
                {
                    request.Method = HttpMethod.Get;
                    request.Content = null;
                }

                request.RequestUri = target;
            }
        }
    }

    private static bool IsRedirect(HttpStatusCode status) => status is HttpStatusCode.MovedPermanently or HttpStatusCode.Found
        or HttpStatusCode.SeeOther or HttpStatusCode.TemporaryRedirect or HttpStatusCode.PermanentRedirect;

    private Uri CheckUri(Uri? uri)
    {
        try
        {
            return guard.Resolve(uri ?? guard.BaseAddress);
        }
        catch (ConnectorException ex)
        {
            Log.RequestRefused(logger, systemName, ex.Code.Value, ex.Error.TechnicalDetail ?? string.Empty);
            throw;
        }
    }

    private ConnectorException Refused(ConnectorErrorCode code, string detail)
    {
        Log.RequestRefused(logger, systemName, code.Value, detail);
        return new ConnectorException(new ConnectorError { Code = code, SystemName = systemName, TechnicalDetail = detail });
    }
}
