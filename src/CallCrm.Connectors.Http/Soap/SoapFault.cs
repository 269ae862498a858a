using System;
using System.Collections.Generic;
using System.Xml.Linq;

namespace CallCrm.Connectors.Http.Soap;

/// <summary>A SOAP fault as the service sent it: SOAP 1.1 <c>faultcode</c>/<c>faultstring</c>/<c>detail</c>, or
/// SOAP 1.2 <c>Code</c> (with subcodes)/<c>Reason</c>/<c>Detail</c>.</summary>
public sealed class SoapFault
{
    /// <summary>Initializes a new instance of the <see cref="SoapFault"/> class.</summary>
    /// <param name="code">The fault code.</param>
    /// <param name="subcodes">The SOAP 1.2 subcodes, outermost first.</param>
    /// <param name="reason">The human-readable reason.</param>
    /// <param name="detail">The detail element, if any.</param>
    public SoapFault(XName code, IReadOnlyList<XName> subcodes, string reason, XElement? detail)
    {
        ArgumentNullException.ThrowIfNull(code);
        ArgumentNullException.ThrowIfNull(subcodes);
        ArgumentNullException.ThrowIfNull(reason);
        Code = code;
        Subcodes = subcodes;
        Reason = reason;
        Detail = detail;
    }

    /// <summary>Gets the fault code (for example <c>{http://schemas.xmlsoap.org/soap/envelope/}Client</c>).</summary>
    public XName Code { get; }

    /// <summary>Gets the SOAP 1.2 subcodes (for example <c>wsse:FailedAuthentication</c>), outermost first; empty for SOAP 1.1.</summary>
    public IReadOnlyList<XName> Subcodes { get; }

    /// <summary>Gets the reason text.</summary>
    public string Reason { get; }

    /// <summary>Gets the application-specific detail element, if the fault has one.</summary>
    public XElement? Detail { get; }

    /// <inheritdoc />
    public override string ToString() => $"{nameof(SoapFault)} {{ {Code.LocalName} }}";
}
