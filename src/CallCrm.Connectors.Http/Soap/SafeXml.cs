using System;
using System.Globalization;
using System.IO;
using System.Xml;
using System.Xml.Linq;
using CallCrm.Connectors.Errors;

namespace CallCrm.Connectors.Http.Soap;

/// <summary>Reads XML from a remote system without trusting it: DTDs are prohibited (no entity expansion, so no
/// "billion laughs"; no external entities, so no file or network reads), no resolver, and size and depth limits.</summary>
internal static class SafeXml
{
    public static XDocument Load(byte[] body, int maxCharacters, int maxDepth, string systemName)
    {
        var settings = new XmlReaderSettings
        {
            DtdProcessing = DtdProcessing.Prohibit,
            XmlResolver = null,
            MaxCharactersInDocument = maxCharacters,
            MaxCharactersFromEntities = 0,
            IgnoreComments = true,
            IgnoreProcessingInstructions = true,
            CloseInput = true,
        };

        try
        {
            // First pass: the depth limit, which XmlReaderSettings lacks, checked before anything is built.
            using (var scan = XmlReader.Create(new MemoryStream(body, writable: false), settings))
            {
                while (scan.Read())
                {
                    if (scan.Depth > maxDepth)
                    {
                        throw Malformed(systemName, string.Create(CultureInfo.InvariantCulture, $"The XML response is nested deeper than the limit of {maxDepth} levels."), null);
                    }
                }
            }

            using var reader = XmlReader.Create(new MemoryStream(body, writable: false), settings);
            return XDocument.Load(reader, LoadOptions.None);
        }
        catch (XmlException ex)
        {
            throw Malformed(systemName, Explain(body, ex, maxCharacters), ex);
        }
    }

    private static string Explain(byte[] body, XmlException exception, int maxCharacters)
    {
        if (ContainsDoctype(body))
        {
            return "The XML response contains a document type definition (DTD), which is refused: DTDs allow entity expansion "
                + "(\"billion laughs\") and external entities that read files or call other servers.";
        }

        if (body.Length >= maxCharacters && exception.Message.Contains("MaxCharactersInDocument", StringComparison.Ordinal))
        {
            return string.Create(CultureInfo.InvariantCulture, $"The XML response is larger than the limit of {maxCharacters} characters.");
        }

        return string.Create(CultureInfo.InvariantCulture, $"The response is not well-formed XML (line {exception.LineNumber}, position {exception.LinePosition}).");
    }

    // The parser's own message is localized and version-dependent; the DTD's marker is not.
    private static bool ContainsDoctype(byte[] body) =>
        body.AsSpan().IndexOf("<!DOCTYPE"u8) >= 0
        || body.AsSpan().IndexOf("<\0!\0D\0O\0C\0T\0Y\0P\0E\0"u8) >= 0;

    private static ConnectorException Malformed(string systemName, string detail, Exception? inner) => new(
        new ConnectorError { Code = ConnectorErrorCode.MalformedResponse, SystemName = systemName, TechnicalDetail = detail },
        inner);
}
