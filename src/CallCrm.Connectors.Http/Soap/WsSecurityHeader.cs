using System;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Xml.Linq;

namespace CallCrm.Connectors.Http.Soap;

/// <summary>Builds the WS-Security header with a UsernameToken (OASIS Username Token Profile 1.1).</summary>
internal static class WsSecurityHeader
{
    public static readonly XNamespace Wsse = "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd";
    public static readonly XNamespace Wsu = "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-utility-1.0.xsd";
    public const string PasswordTextType = "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-username-token-profile-1.0#PasswordText";
    public const string PasswordDigestType = "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-username-token-profile-1.0#PasswordDigest";
    public const string Base64BinaryType = "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-soap-message-security-1.0#Base64Binary";

    public static XElement Create(WsSecurityOptions options, XNamespace envelopeNamespace, DateTimeOffset now)
    {
        var created = now.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
        var token = new XElement(
            Wsse + "UsernameToken",
            new XAttribute(Wsu + "Id", "UsernameToken-" + Guid.NewGuid().ToString("N")),
            new XElement(Wsse + "Username", options.UserName));

        if (options.PasswordType == UsernameTokenPasswordType.PasswordDigest)
        {
            var nonce = RandomNumberGenerator.GetBytes(16);
            token.Add(
                new XElement(Wsse + "Password", new XAttribute("Type", PasswordDigestType), Digest(nonce, created, Password(options))),
                new XElement(Wsse + "Nonce", new XAttribute("EncodingType", Base64BinaryType), Convert.ToBase64String(nonce)),
                new XElement(Wsu + "Created", created));
        }
        else
        {
            token.Add(
                new XElement(Wsse + "Password", new XAttribute("Type", PasswordTextType), Password(options)),
                new XElement(Wsu + "Created", created));
        }

        return new XElement(
            Wsse + "Security",
            new XAttribute(XNamespace.Xmlns + "wsse", Wsse),
            new XAttribute(XNamespace.Xmlns + "wsu", Wsu),
            new XAttribute(envelopeNamespace + "mustUnderstand", "1"),
            token);
    }

    private static string Password(WsSecurityOptions options) => options.Password?.Reveal() ?? string.Empty;

    /// <summary>Base64(SHA-1(nonce + created + password)), as the profile defines it.</summary>
    public static string Digest(byte[] nonce, string created, string password)
    {
        var createdBytes = Encoding.UTF8.GetBytes(created);
        var passwordBytes = Encoding.UTF8.GetBytes(password);
        var input = new byte[nonce.Length + createdBytes.Length + passwordBytes.Length];
        nonce.CopyTo(input, 0);
        createdBytes.CopyTo(input, nonce.Length);
        passwordBytes.CopyTo(input, nonce.Length + createdBytes.Length);
#pragma warning disable CA5350 // SHA-1 is what the Username Token Profile prescribes; the server computes the same.
        return Convert.ToBase64String(SHA1.HashData(input));
#pragma warning restore CA5350
    }
}
