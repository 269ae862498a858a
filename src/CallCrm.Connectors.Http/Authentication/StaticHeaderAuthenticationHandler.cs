using System;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Text;
using System.Threading;
using System.Threading.Tasks;

namespace CallCrm.Connectors.Http.Authentication;

/// <summary>Sets one fixed credential header on every attempt: bearer token, API key or basic credentials.</summary>
internal sealed class StaticHeaderAuthenticationHandler : DelegatingHandler
{
    private readonly Action<HttpRequestMessage> apply;

    private StaticHeaderAuthenticationHandler(Action<HttpRequestMessage> apply)
    {
        this.apply = apply;
    }

    public static StaticHeaderAuthenticationHandler Bearer(BearerTokenOptions options)
    {
        var header = new AuthenticationHeaderValue("Bearer", options.Token?.Reveal());
        return new(request => request.Headers.Authorization = header);
    }

    public static StaticHeaderAuthenticationHandler Basic(BasicAuthenticationOptions options)
    {
        var header = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(options.UserName + ":" + options.Password?.Reveal())));
        return new(request => request.Headers.Authorization = header);
    }

    public static StaticHeaderAuthenticationHandler ApiKey(ApiKeyOptions options)
    {
        var value = options.Prefix + options.Key?.Reveal();
        return new(request =>
        {
            request.Headers.Remove(options.HeaderName);
            request.Headers.TryAddWithoutValidation(options.HeaderName, value);
        });
    }

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        apply(request);
        return base.SendAsync(request, cancellationToken);
    }
}
