using System;
using System.Collections.Generic;
using System.Net.Http.Headers;
using System.Text.Json;
using CallCrm.Connectors.Errors;

namespace CallCrm.Connectors.Http;

/// <summary>Options of one connector HTTP client: where the vendor is, how to talk to it and how patiently.</summary>
/// <remarks>Named options: the name is the client name given to
/// <c>AddCallCrmHttpClient</c>. They are validated when the host starts.</remarks>
public sealed class ConnectorHttpClientOptions
{
    /// <summary>Gets or sets the vendor's API base address; relative request URIs resolve against it, and its host and
    /// scheme are the only ones the client talks to (see <see cref="AdditionalAllowedHosts"/>).</summary>
    /// <value>The default value is <see langword="null"/>; a value is required and must be an absolute <c>https</c> URI
    /// (or <c>http</c> to a loopback address when <see cref="AllowInsecureLoopback"/> is set).</value>
    public Uri? BaseAddress { get; set; }

    /// <summary>Gets or sets the vendor's name as people know it (for example <c>HubSpot</c>), used in friendly error messages.</summary>
    /// <value>The default value is <see langword="null"/>, which uses the client name.</value>
    public string? SystemName { get; set; }

    /// <summary>Gets or sets the API version sent with every request in <see cref="ApiVersionHeaderName"/>.</summary>
    /// <value>The default value is <see langword="null"/> (no version header; put the version in <see cref="BaseAddress"/>).</value>
    public string? ApiVersion { get; set; }

    /// <summary>Gets or sets the header that carries <see cref="ApiVersion"/> (for example <c>X-Api-Version</c>).</summary>
    /// <value>The default value is <see langword="null"/>; required when <see cref="ApiVersion"/> is set.</value>
    public string? ApiVersionHeaderName { get; set; }

    /// <summary>Gets or sets the <c>User-Agent</c> product token vendors see (many ask integrators to identify themselves).</summary>
    /// <value>The default value is <c>CallCrm.Connectors/&lt;package version&gt;</c>.</value>
    public string UserAgent { get; set; } = DefaultUserAgent;

    /// <summary>Gets or sets whether plain <c>http</c> is allowed to loopback addresses (tests and local simulators).
    /// Plain <c>http</c> to any other address is always refused.</summary>
    /// <value>The default value is <see langword="false"/>.</value>
    public bool AllowInsecureLoopback { get; set; }

    /// <summary>Gets or sets whether the client may connect to private, link-local and loopback addresses that a
    /// public-looking host name resolves to. Set it for an on-premises CRM on the company network; leave it off for
    /// cloud vendors so that a tampered DNS answer or link cannot turn the client against internal services.</summary>
    /// <value>The default value is <see langword="false"/>.</value>
    public bool AllowPrivateNetworkAddresses { get; set; }

    /// <summary>Gets the further host names (exact, case-insensitive, <c>https</c> only) the client may be sent to by
    /// links and redirects, for vendors that serve, say, recordings from a second host of their own.</summary>
    /// <value>The default value is an empty list.</value>
    public IList<string> AdditionalAllowedHosts { get; } = new List<string>();

    /// <summary>Gets or sets how many redirects one request may follow; every hop is checked like a vendor link.</summary>
    /// <value>The default value is 5. Zero refuses every redirect.</value>
    public int MaxRedirects { get; set; } = 5;

    /// <summary>Gets or sets whether request bodies are sent gzip-compressed (<c>Content-Encoding: gzip</c>). Turn it
    /// on only for a vendor that documents accepting compressed requests. Responses are always decompressed (gzip,
    /// deflate and Brotli) whatever this says.</summary>
    /// <value>The default value is <see langword="false"/>.</value>
    public bool CompressRequestBody { get; set; }

    /// <summary>Gets or sets the smallest body, in bytes, worth compressing when <see cref="CompressRequestBody"/> is set;
    /// smaller bodies and bodies of unknown length are sent as they are.</summary>
    /// <value>The default value is 1024.</value>
    public int RequestCompressionMinimumBytes { get; set; } = 1024;

    /// <summary>Gets or sets how long one attempt may take before it is abandoned (and retried when that is safe).</summary>
    /// <value>The default value is 20 seconds. It must not exceed <see cref="TotalRequestTimeout"/>.</value>
    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(20);

    /// <summary>Gets or sets how long one request may take in all, its retries and waits included: the budget the
    /// outer layers (the sync engine's attempt timeout) must be longer than.</summary>
    /// <remarks>A provider that writes through this client declares it as its
    /// <see cref="CallCrm.Connectors.Providers.SinkCapabilities.RequestTimeout"/>, and the sync engine refuses a
    /// stream whose attempt timeout is not longer.</remarks>
    /// <value>The default value is 60 seconds.</value>
    public TimeSpan TotalRequestTimeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>Gets the retry settings for transient failures.</summary>
    public ConnectorRetryOptions Retry { get; } = new();

    /// <summary>Gets or sets whether an answer that is not a success is thrown as a
    /// <see cref="CallCrm.Connectors.Errors.ConnectorException"/> by the client itself. Status codes a request expects
    /// (see <see cref="ConnectorHttpRequestOptions.AllowStatusCodes"/>) are returned instead.</summary>
    /// <value>The default value is <see langword="true"/>.</value>
    public bool ThrowOnErrorStatus { get; set; } = true;

    /// <summary>Gets or sets how many bytes of an error answer are read to find field errors and fault details.</summary>
    /// <value>The default value is 65,536.</value>
    public int MaxErrorBodyBytes { get; set; } = 64 * 1024;

    /// <summary>Gets or sets how to read the requests left in the vendor's current rate-limit window from a header of the
    /// vendor's own (for example HubSpot's <c>X-HubSpot-RateLimit-Remaining</c>). The common headers (<c>RateLimit-Remaining</c>,
    /// <c>X-RateLimit-Remaining</c>, the IETF <c>RateLimit</c> field, <c>Retry-After</c>) are always read; a value this reader
    /// returns takes precedence over theirs, and <see langword="null"/> means the vendor did not say. It must not throw.</summary>
    /// <value>The default value is <see langword="null"/> (the common headers only). Providers set it for their vendor.</value>
    public Func<HttpResponseHeaders, long?>? RemainingRequestsReader { get; set; }

    /// <summary>Gets or sets how to find field errors in the vendor's own JSON body shape of a 400 or 422 answer (for example
    /// HubSpot's <c>errors[].context.propertyName</c>). It is given the body's root element and asked first: when it finds field
    /// errors they are the answer, otherwise the common shapes are searched (RFC 9457 validation problem details, JSON:API,
    /// <c>errors</c>/<c>fieldErrors</c> lists, <c>google.rpc.BadRequest</c>). It must not throw.</summary>
    /// <value>The default value is <see langword="null"/> (the common shapes only). Providers set it for their vendor.</value>
    public Func<JsonElement, IReadOnlyList<FieldError>>? FieldErrorReader { get; set; }

    internal static string DefaultUserAgent { get; } =
        "CallCrm.Connectors/" + (typeof(ConnectorHttpClientOptions).Assembly.GetName().Version?.ToString(3) ?? "0.0.0");

    /// <inheritdoc />
    public override string ToString() =>
        $"{nameof(ConnectorHttpClientOptions)} {{ {nameof(SystemName)} = {SystemName}, {nameof(BaseAddress)} = {UriText.Describe(BaseAddress)} }}";
}
