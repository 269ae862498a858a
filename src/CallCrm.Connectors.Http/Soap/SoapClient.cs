using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using System.Xml;
using System.Xml.Linq;
using CallCrm.Connectors.Errors;
using CallCrm.Connectors.Http.ErrorHandling;

namespace CallCrm.Connectors.Http.Soap;

/// <summary>A small SOAP 1.1/1.2 client for legacy CRMs, running on a connector HTTP client's pipeline (HTTPS only,
/// vendor host only, retries, rate limit, authentication). It builds the envelope, sends the action the way the
/// version wants it, adds a WS-Security UsernameToken when configured, reads the answer safely and turns faults into
/// <see cref="SoapFaultException"/>.</summary>
/// <example>
/// <code>
/// XNamespace crm = "urn:legacy-crm";
/// XElement? result = await soap.InvokeAsync("urn:legacy-crm/FindCustomer",
///     new XElement(crm + "FindCustomer", new XElement(crm + "Phone", "+8613800000000")), cancellationToken);
/// </code>
/// </example>
public sealed class SoapClient
{
    private readonly HttpClient httpClient;
    private readonly SoapClientOptions options;
    private readonly TimeProvider timeProvider;
    private readonly string systemName;

    /// <summary>Initializes a new instance of the <see cref="SoapClient"/> class.</summary>
    /// <param name="httpClient">A client from <c>AddCallCrmHttpClient</c> (its base address is the service's).</param>
    /// <param name="options">The SOAP options.</param>
    /// <param name="timeProvider">The clock for WS-Security creation times; <see cref="TimeProvider.System"/> when <see langword="null"/>.</param>
    /// <param name="systemName">The system's name for error messages.</param>
    public SoapClient(HttpClient httpClient, SoapClientOptions options, TimeProvider? timeProvider = null, string? systemName = null)
    {
        ArgumentNullException.ThrowIfNull(httpClient);
        ArgumentNullException.ThrowIfNull(options);
        this.httpClient = httpClient;
        this.options = options;
        this.timeProvider = timeProvider ?? TimeProvider.System;
        this.systemName = systemName ?? "SOAP service";
    }

    private XNamespace EnvelopeNamespace => options.Version == SoapVersion.Soap12 ? SoapFaultReader.Soap12 : SoapFaultReader.Soap11;

    /// <summary>Calls an operation.</summary>
    /// <param name="action">The SOAP action (the operation's URI).</param>
    /// <param name="body">The body's payload element.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The answer body's first element, or <see langword="null"/> when the body is empty.</returns>
    /// <exception cref="SoapFaultException">The service answered with a fault.</exception>
    /// <exception cref="ConnectorException">Any other failure, including a response that is not safe, well-formed XML
    /// (code <see cref="ConnectorErrorCode.MalformedResponse"/>).</exception>
    public Task<XElement?> InvokeAsync(string action, XElement body, CancellationToken cancellationToken = default) =>
        InvokeAsync(action, body, [], cancellationToken);

    /// <summary>Calls an operation with extra SOAP header elements.</summary>
    /// <param name="action">The SOAP action (the operation's URI).</param>
    /// <param name="body">The body's payload element.</param>
    /// <param name="headers">Further header elements (the WS-Security header is added by the client).</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The answer body's first element, or <see langword="null"/> when the body is empty.</returns>
    /// <exception cref="SoapFaultException">The service answered with a fault.</exception>
    /// <exception cref="ConnectorException">Any other failure.</exception>
    public async Task<XElement?> InvokeAsync(string action, XElement body, IEnumerable<XElement> headers, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(action);
        ArgumentNullException.ThrowIfNull(body);
        ArgumentNullException.ThrowIfNull(headers);

        using var request = new HttpRequestMessage(HttpMethod.Post, options.Endpoint ?? httpClient.BaseAddress)
        {
            Content = CreateContent(action, BuildEnvelope(body, headers)),
        };

        // Faults come with 500 (1.1, and 1.2 Receiver) or 400 (1.2 Sender): the envelope, not the status, says what failed.
        request.AllowStatusCodes(400, 500);
        using var response = await httpClient.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        var bytes = await ReadAsync(response, cancellationToken).ConfigureAwait(false);
        var status = (int)response.StatusCode;
        if (bytes.Length == 0)
        {
            return response.IsSuccessStatusCode ? null : throw new ConnectorException(ConnectorErrorClassifier.FromHttpResponse(status, systemName, technicalDetail: ErrorResponseReader.Describe(response)));
        }

        var document = SafeXml.Load(bytes, options.MaxResponseBytes, options.MaxDepth, systemName);
        var envelope = document.Root;
        var soapBody = envelope?.Elements().FirstOrDefault(e => e.Name.LocalName == "Body" && (e.Name.Namespace == SoapFaultReader.Soap11 || e.Name.Namespace == SoapFaultReader.Soap12));
        if (envelope?.Name.LocalName != "Envelope" || soapBody is null)
        {
            throw response.IsSuccessStatusCode
                ? Malformed("The response is XML but not a SOAP envelope with a body.")
                : new ConnectorException(ConnectorErrorClassifier.FromHttpResponse(status, systemName, technicalDetail: ErrorResponseReader.Describe(response)));
        }

        if (SoapFaultReader.Read(soapBody) is { } fault)
        {
            throw new SoapFaultException(SoapFaultReader.ToError(fault, systemName, status), fault);
        }

        if (!response.IsSuccessStatusCode)
        {
            throw new ConnectorException(ConnectorErrorClassifier.FromHttpResponse(status, systemName, technicalDetail: ErrorResponseReader.Describe(response)));
        }

        return soapBody.Elements().FirstOrDefault();
    }

    private XDocument BuildEnvelope(XElement body, IEnumerable<XElement> headers)
    {
        var soap = EnvelopeNamespace;
        var headerElements = headers.ToList();
        if (options.WsSecurity is { } security)
        {
            headerElements.Insert(0, WsSecurityHeader.Create(security, soap, timeProvider.GetUtcNow()));
        }

        var envelope = new XElement(soap + "Envelope", new XAttribute(XNamespace.Xmlns + "soap", soap));
        if (headerElements.Count > 0)
        {
            envelope.Add(new XElement(soap + "Header", headerElements));
        }

        envelope.Add(new XElement(soap + "Body", body));
        return new XDocument(envelope);
    }

    private ByteArrayContent CreateContent(string action, XDocument envelope)
    {
        using var buffer = new MemoryStream();
        using (var writer = XmlWriter.Create(buffer, new XmlWriterSettings { Encoding = new UTF8Encoding(false), Indent = false }))
        {
            envelope.Save(writer);
        }

        var content = new ByteArrayContent(buffer.ToArray());
        if (options.Version == SoapVersion.Soap12)
        {
            // SOAP 1.2 (RFC 3902): the action is a parameter of the media type.
            var mediaType = new MediaTypeHeaderValue("application/soap+xml") { CharSet = "utf-8" };
            mediaType.Parameters.Add(new NameValueHeaderValue("action", Quote(action)));
            content.Headers.ContentType = mediaType;
        }
        else
        {
            content.Headers.ContentType = new MediaTypeHeaderValue("text/xml") { CharSet = "utf-8" };
            content.Headers.TryAddWithoutValidation("SOAPAction", Quote(action));
        }

        return content;
    }

    private async Task<byte[]> ReadAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        try
        {
            return await ErrorResponseReader.ReadLimitedAsync(response.Content, options.MaxResponseBytes, cancellationToken).ConfigureAwait(false)
                ?? throw Malformed($"The response is larger than the limit of {options.MaxResponseBytes} bytes.");
        }
        catch (Exception ex) when (ex is not ConnectorException && !ConnectorErrorClassifier.IsCallerCancellation(ex, cancellationToken))
        {
            throw ConnectorErrorClassifier.ToConnectorException(ex, systemName);
        }
    }

    private static string Quote(string action) => "\"" + action.Replace("\"", string.Empty, StringComparison.Ordinal) + "\"";

    private ConnectorException Malformed(string detail) =>
        new(new ConnectorError { Code = ConnectorErrorCode.MalformedResponse, SystemName = systemName, TechnicalDetail = detail });
}
