using System.Security.Cryptography;
using System.Text;
using System.Xml;
using System.Xml.Linq;
using CallCrm.Connectors.Http.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace CallCrm.Connectors.Http.Tests.Soap;

/// <summary>A legacy SOAP CRM on 127.0.0.1: echoes, checks WS-Security, and serves faults and hostile XML.</summary>
internal sealed class SoapVendorFake
{
    public const string Password = "Soap-Password-Secret-1";
    public static readonly XNamespace Crm = "urn:legacy-crm";
    public static readonly XNamespace Soap11 = "http://schemas.xmlsoap.org/soap/envelope/";
    public static readonly XNamespace Soap12 = "http://www.w3.org/2003/05/soap-envelope";
    private static readonly XNamespace Wsse = "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd";
    private static readonly XNamespace Wsu = "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-utility-1.0.xsd";

    public string? ContentType { get; private set; }

    public string? SoapAction { get; private set; }

    public string? RequestBody { get; private set; }

    public string? SecurityCheck { get; private set; }

    public void Map(WebApplication app)
    {
        app.MapPost("/soap", async (HttpContext context) =>
        {
            using var reader = new StreamReader(context.Request.Body);
            RequestBody = await reader.ReadToEndAsync();
            ContentType = context.Request.ContentType;
            SoapAction = context.Request.Headers["SOAPAction"];
            var request = XDocument.Parse(RequestBody);
            var ns = request.Root!.Name.Namespace;
            SecurityCheck = CheckSecurity(request);
            var value = request.Descendants(Crm + "Value").Single().Value;
            return Xml(Envelope(ns, new XElement(Crm + "EchoResponse", new XElement(Crm + "Value", value))));
        });
        app.MapPost("/fault11", () => Xml(
            $"""
            <soap:Envelope xmlns:soap="{Soap11}"><soap:Body><soap:Fault>
              <faultcode>soap:Client</faultcode><faultstring>Customer id is missing</faultstring>
              <detail><crm:Problem xmlns:crm="{Crm}">MISSING_ID</crm:Problem></detail>
            </soap:Fault></soap:Body></soap:Envelope>
            """,
            500));
        app.MapPost("/fault12-receiver", () => Xml(
            $"""
            <env:Envelope xmlns:env="{Soap12}"><env:Body><env:Fault>
              <env:Code><env:Value>env:Receiver</env:Value></env:Code>
              <env:Reason><env:Text xml:lang="de">Datenbank nicht erreichbar</env:Text><env:Text xml:lang="en">Database unavailable</env:Text></env:Reason>
            </env:Fault></env:Body></env:Envelope>
            """,
            500));
        app.MapPost("/fault12-auth", () => Xml(
            $"""
            <env:Envelope xmlns:env="{Soap12}" xmlns:wsse="{Wsse}"><env:Body><env:Fault>
              <env:Code><env:Value>env:Sender</env:Value><env:Subcode><env:Value>wsse:FailedAuthentication</env:Value></env:Subcode></env:Code>
              <env:Reason><env:Text xml:lang="en">The security token could not be authenticated</env:Text></env:Reason>
            </env:Fault></env:Body></env:Envelope>
            """,
            400));
        app.MapPost("/billion-laughs", () => Xml(
            """
            <?xml version="1.0"?>
            <!DOCTYPE lolz [
              <!ENTITY lol "lol">
              <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
              <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
              <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
              <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
              <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
              <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
              <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
              <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
            ]>
            <soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"><soap:Body><lolz>&lol9;</lolz></soap:Body></soap:Envelope>
            """.Trim()));
        app.MapPost("/deep", () => Xml(Envelope(Soap11, Nest(200))));
        app.MapPost("/huge", () => Xml(Envelope(Soap11, new XElement(Crm + "Blob", new string('x', 20_000)))));
        app.MapPost("/html500", () => Results.Content("<html><body>Internal error</body></html>", "text/html", statusCode: 500));
    }

    public static IResult ExternalEntity(Uri target) => Xml(
        $"""
        <?xml version="1.0"?>
        <!DOCTYPE foo [ <!ENTITY xxe SYSTEM "{target}"> ]>
        <soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"><soap:Body><crm:R xmlns:crm="urn:legacy-crm">&xxe;</crm:R></soap:Body></soap:Envelope>
        """.Trim());

    private static XElement Nest(int depth)
    {
        var root = new XElement(Crm + "Level");
        var current = root;
        for (var i = 0; i < depth; i++)
        {
            var child = new XElement(Crm + "Level");
            current.Add(child);
            current = child;
        }

        return root;
    }

    private static string Envelope(XNamespace ns, XElement payload) =>
        new XElement(ns + "Envelope", new XAttribute(XNamespace.Xmlns + "s", ns), new XElement(ns + "Body", payload)).ToString(SaveOptions.DisableFormatting);

    private static IResult Xml(string xml, int status = 200) => Results.Content(xml, "text/xml; charset=utf-8", Encoding.UTF8, status);

    // The server side of the Username Token Profile: recompute the digest from the nonce and creation time.
    private static string CheckSecurity(XDocument request)
    {
        var token = request.Descendants(Wsse + "UsernameToken").SingleOrDefault();
        if (token is null)
        {
            return "none";
        }

        var password = token.Element(Wsse + "Password")!;
        var type = ((string)password.Attribute("Type")!).Split('#')[1];
        var created = token.Element(Wsu + "Created")!.Value;
        if (type == "PasswordText")
        {
            return password.Value == Password ? "text ok " + created : "text bad";
        }

        var nonce = Convert.FromBase64String(token.Element(Wsse + "Nonce")!.Value);
#pragma warning disable CA5350 // The Username Token Profile prescribes SHA-1.
        var expected = Convert.ToBase64String(SHA1.HashData([.. nonce, .. Encoding.UTF8.GetBytes(created), .. Encoding.UTF8.GetBytes(Password)]));
#pragma warning restore CA5350
        return (password.Value == expected ? "digest ok " : "digest bad ") + created + " nonce " + nonce.Length;
    }
}
