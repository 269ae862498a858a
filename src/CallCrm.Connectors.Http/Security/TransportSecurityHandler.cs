using System;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using CallCrm.Connectors.Errors;
using Microsoft.Extensions.Logging;

namespace CallCrm.Connectors.Http.Security;

/// <summary>The innermost check before the network: every attempt (retries, token refresh retries, redirect hops,
/// whatever a custom handler rewrote) goes only to the vendor's host over HTTPS.</summary>
internal sealed class TransportSecurityHandler : DelegatingHandler
{
    private readonly VendorUrlGuard guard;
    private readonly string systemName;
    private readonly ILogger logger;

    public TransportSecurityHandler(VendorUrlGuard guard, string systemName, ILogger logger)
    {
        this.guard = guard;
        this.systemName = systemName;
        this.logger = logger;
    }

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        try
        {
            guard.Check(request.RequestUri ?? guard.BaseAddress);
        }
        catch (ConnectorException ex)
        {
            Log.RequestRefused(logger, systemName, ex.Code.Value, ex.Error.TechnicalDetail ?? string.Empty);
            throw;
        }

        return base.SendAsync(request, cancellationToken);
    }
}
