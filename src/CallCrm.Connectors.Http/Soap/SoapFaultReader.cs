using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Xml.Linq;
using CallCrm.Connectors.Errors;

namespace CallCrm.Connectors.Http.Soap;

/// <summary>Reads SOAP 1.1 and 1.2 faults and maps them to the SDK's error model.</summary>
internal static class SoapFaultReader
{
    public static readonly XNamespace Soap11 = "http://schemas.xmlsoap.org/soap/envelope/";
    public static readonly XNamespace Soap12 = "http://www.w3.org/2003/05/soap-envelope";

    private static readonly HashSet<string> SecurityFaults = new(StringComparer.Ordinal)
    {
        "FailedAuthentication", "InvalidSecurity", "InvalidSecurityToken", "FailedCheck", "SecurityTokenUnavailable", "MessageExpired",
    };

    public static SoapFault? Read(XElement body)
    {
        var fault = body.Elements().FirstOrDefault(e => e.Name.LocalName == "Fault" && (e.Name.Namespace == Soap11 || e.Name.Namespace == Soap12));
        if (fault is null)
        {
            return null;
        }

        if (fault.Name.Namespace == Soap12)
        {
            var subcodes = new List<XName>();
            var code = fault.Element(Soap12 + "Code");
            var value = Resolve(code?.Element(Soap12 + "Value"));
            for (var sub = code?.Element(Soap12 + "Subcode"); sub is not null; sub = sub.Element(Soap12 + "Subcode"))
            {
                subcodes.Add(Resolve(sub.Element(Soap12 + "Value")));
            }

            var texts = fault.Element(Soap12 + "Reason")?.Elements(Soap12 + "Text").ToList() ?? [];
            var text = texts.FirstOrDefault(t => ((string?)t.Attribute(XNamespace.Xml + "lang"))?.StartsWith("en", StringComparison.OrdinalIgnoreCase) == true) ?? texts.FirstOrDefault();
            return new SoapFault(value, subcodes, text?.Value.Trim() ?? string.Empty, fault.Element(Soap12 + "Detail"));
        }

        // SOAP 1.1: the children are unqualified.
        return new SoapFault(
            Resolve(fault.Element("faultcode")),
            [],
            fault.Element("faultstring")?.Value.Trim() ?? string.Empty,
            fault.Element("detail"));
    }

    public static ConnectorError ToError(SoapFault fault, string systemName, int httpStatus)
    {
        var names = fault.Subcodes.Prepend(fault.Code).Select(n => n.LocalName).ToList();
        var (code, transient) = names.Any(SecurityFaults.Contains) ? (ConnectorErrorCode.AuthenticationFailed, false)
            : fault.Code.LocalName switch
            {
                "Client" or "Sender" => (ConnectorErrorCode.ValidationFailed, false),
                "Server" or "Receiver" => (ConnectorErrorCode.ServiceUnavailable, true),
                "VersionMismatch" or "MustUnderstand" or "DataEncodingUnknown" => (ConnectorErrorCode.InvalidConfiguration, false),
                _ => (ConnectorErrorCode.Unknown, false),
            };

        // The reason text is the service's own words and may quote the data; it stays on the fault, out of logs.
        return new ConnectorError
        {
            Code = code,
            IsTransient = transient,
            SystemName = systemName,
            HttpStatus = httpStatus,
            TechnicalDetail = string.Create(CultureInfo.InvariantCulture, $"SOAP fault {string.Join('/', names)} with HTTP {httpStatus}."),
        };
    }

    // "soap:Client" -> {namespace bound to soap}Client; an unbound prefix keeps the local name alone.
    private static XName Resolve(XElement? element)
    {
        try
        {
            return ResolveCore(element);
        }
        catch (System.Xml.XmlException)
        {
            // Not a qualified name at all (spaces, stray characters): keep the fault, lose only its code.
            return XName.Get("Unknown");
        }
    }

    private static XName ResolveCore(XElement? element)
    {
        var text = element?.Value.Trim() ?? string.Empty;
        var colon = text.IndexOf(':', StringComparison.Ordinal);
        if (colon < 0)
        {
            return XName.Get(text.Length == 0 ? "Unknown" : text);
        }

        var ns = element!.GetNamespaceOfPrefix(text[..colon]);
        var local = text[(colon + 1)..];
        return ns is null ? XName.Get(local.Length == 0 ? "Unknown" : local) : ns + local;
    }
}
