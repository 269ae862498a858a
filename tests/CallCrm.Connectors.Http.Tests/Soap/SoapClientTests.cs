using System.Globalization;
using System.Xml.Linq;
using CallCrm.Connectors.Errors;
using CallCrm.Connectors.Http.Soap;
using CallCrm.Connectors.Http.Tests.Infrastructure;
using CallCrm.Connectors.Security.Redaction;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace CallCrm.Connectors.Http.Tests.Soap;

public class SoapClientTests
{
    private static readonly CultureInfo English = CultureInfo.GetCultureInfo("en");
    private static readonly XNamespace Crm = SoapVendorFake.Crm;
    private readonly FakeTimeProvider time = new(new DateTimeOffset(2026, 3, 1, 9, 30, 15, 250, TimeSpan.Zero));
    private readonly SoapVendorFake fake = new();

    private static XElement Echo(string value) => new(Crm + "Echo", new XElement(Crm + "Value", value));

    private async Task<(VendorFake Vendor, ServiceProvider Services)> StartAsync(Action<SoapClientOptions> configure)
    {
        var vendor = await VendorFake.StartAsync(fake.Map);
        var services = TestClients.Build(vendor, more: builder => builder.AddSoapClient(configure), timeProvider: time);
        return (vendor, services);
    }

    private static SoapClient Soap(ServiceProvider services) => services.GetRequiredKeyedService<SoapClient>(TestClients.Name);

    [Test]
    public async Task InvokeAsync_Soap11_SendsTextXmlWithQuotedSoapActionAndReturnsThePayload()
    {
        var (vendor, services) = await StartAsync(o => o.Endpoint = new Uri("soap", UriKind.Relative));
        await using var _ = vendor;
        await using var __ = services;

        var result = await Soap(services).InvokeAsync("urn:legacy-crm/Echo", Echo("hello"));

        result!.Name.Should().Be(Crm + "EchoResponse");
        result.Element(Crm + "Value")!.Value.Should().Be("hello");
        fake.ContentType.Should().Be("text/xml; charset=utf-8");
        fake.SoapAction.Should().Be("\"urn:legacy-crm/Echo\"");
        XDocument.Parse(fake.RequestBody!).Root!.Name.Should().Be(XName.Get("Envelope", SoapVendorFake.Soap11.NamespaceName));
        fake.SecurityCheck.Should().Be("none");
    }

    [Test]
    public async Task InvokeAsync_Soap12_PutsTheActionInTheContentType()
    {
        var (vendor, services) = await StartAsync(o =>
        {
            o.Endpoint = new Uri("soap", UriKind.Relative);
            o.Version = SoapVersion.Soap12;
        });
        await using var _ = vendor;
        await using var __ = services;

        (await Soap(services).InvokeAsync("urn:legacy-crm/Echo", Echo("v12")))!.Value.Should().Be("v12");
        fake.ContentType.Should().Be("application/soap+xml; charset=utf-8; action=\"urn:legacy-crm/Echo\"");
        fake.SoapAction.Should().BeNullOrEmpty("SOAP 1.2 has no SOAPAction header");
        XDocument.Parse(fake.RequestBody!).Root!.Name.Namespace.Should().Be(SoapVendorFake.Soap12);
    }

    [Test]
    public async Task InvokeAsync_PasswordDigest_ServerVerifiesDigestAndThePasswordIsNeverSent()
    {
        var (vendor, services) = await StartAsync(o =>
        {
            o.Endpoint = new Uri("soap", UriKind.Relative);
            o.WsSecurity = new WsSecurityOptions { UserName = "agent", Password = new Secret(SoapVendorFake.Password) };
        });
        await using var _ = vendor;
        await using var __ = services;

        await Soap(services).InvokeAsync("urn:legacy-crm/Echo", Echo("x"));

        fake.SecurityCheck.Should().Be("digest ok 2026-03-01T09:30:15.250Z nonce 16");
        fake.RequestBody.Should().NotContain(SoapVendorFake.Password);
        fake.RequestBody.Should().Contain("mustUnderstand=\"1\"");
    }

    [Test]
    public async Task InvokeAsync_PasswordText_SendsThePasswordAsText()
    {
        var (vendor, services) = await StartAsync(o =>
        {
            o.Endpoint = new Uri("soap", UriKind.Relative);
            o.WsSecurity = new WsSecurityOptions { UserName = "agent", Password = new Secret(SoapVendorFake.Password), PasswordType = UsernameTokenPasswordType.PasswordText };
        });
        await using var _ = vendor;
        await using var __ = services;

        await Soap(services).InvokeAsync("urn:legacy-crm/Echo", Echo("x"));

        fake.SecurityCheck.Should().Be("text ok 2026-03-01T09:30:15.250Z");
    }

    [Test]
    public async Task InvokeAsync_Soap11ClientFault_ThrowsValidationFailedWithTheFault()
    {
        var (vendor, services) = await StartAsync(o => o.Endpoint = new Uri("fault11", UriKind.Relative));
        await using var _ = vendor;
        await using var __ = services;

        var act = () => Soap(services).InvokeAsync("urn:legacy-crm/Find", Echo("x"));

        var exception = (await act.Should().ThrowAsync<SoapFaultException>()).Which;
        exception.Code.Should().Be(ConnectorErrorCode.ValidationFailed);
        exception.IsTransient.Should().BeFalse();
        exception.Error.HttpStatus.Should().Be(500);
        exception.Fault.Code.Should().Be(SoapVendorFake.Soap11 + "Client");
        exception.Fault.Reason.Should().Be("Customer id is missing");
        exception.Fault.Detail!.Element(Crm + "Problem")!.Value.Should().Be("MISSING_ID");
        exception.Error.GetUserMessage(English).Should().Contain(TestClients.SystemName);
    }

    [Test]
    public async Task InvokeAsync_Soap12ReceiverFault_ThrowsTransientServiceUnavailableWithTheEnglishReason()
    {
        var (vendor, services) = await StartAsync(o =>
        {
            o.Endpoint = new Uri("fault12-receiver", UriKind.Relative);
            o.Version = SoapVersion.Soap12;
        });
        await using var _ = vendor;
        await using var __ = services;

        var act = () => Soap(services).InvokeAsync("urn:legacy-crm/Find", Echo("x"));

        var exception = (await act.Should().ThrowAsync<SoapFaultException>()).Which;
        exception.Code.Should().Be(ConnectorErrorCode.ServiceUnavailable);
        exception.IsTransient.Should().BeTrue();
        exception.Fault.Reason.Should().Be("Database unavailable");
    }

    [Test]
    public async Task InvokeAsync_Soap12SecuritySubcode_ThrowsAuthenticationFailed()
    {
        var (vendor, services) = await StartAsync(o =>
        {
            o.Endpoint = new Uri("fault12-auth", UriKind.Relative);
            o.Version = SoapVersion.Soap12;
        });
        await using var _ = vendor;
        await using var __ = services;

        var act = () => Soap(services).InvokeAsync("urn:legacy-crm/Find", Echo("x"));

        var exception = (await act.Should().ThrowAsync<SoapFaultException>()).Which;
        exception.Code.Should().Be(ConnectorErrorCode.AuthenticationFailed);
        exception.Fault.Subcodes.Should().ContainSingle().Which.LocalName.Should().Be("FailedAuthentication");
        exception.Error.TechnicalDetail.Should().Be("SOAP fault Sender/FailedAuthentication with HTTP 400.");
    }

    [Test]
    public async Task InvokeAsync_BillionLaughs_IsRefusedAsMalformedBecauseOfTheDtd()
    {
        var (vendor, services) = await StartAsync(o => o.Endpoint = new Uri("billion-laughs", UriKind.Relative));
        await using var _ = vendor;
        await using var __ = services;

        var act = () => Soap(services).InvokeAsync("urn:legacy-crm/Find", Echo("x"));

        var exception = (await act.Should().ThrowAsync<ConnectorException>()).Which;
        exception.Code.Should().Be(ConnectorErrorCode.MalformedResponse);
        exception.Error.TechnicalDetail.Should().Contain("document type definition (DTD)").And.Contain("billion laughs");
        exception.Error.GetUserMessage(English).Should().Contain(TestClients.SystemName).And.Contain("could not be read");
    }

    [Test]
    public async Task InvokeAsync_ExternalEntity_IsRefusedAndNeverFetched()
    {
        await using var exfiltration = await VendorFake.StartAsync(app => app.Map("/exfil", () => "<leaked/>"));
        await using var vendor = await VendorFake.StartAsync(app => app.MapPost("/xxe", () => SoapVendorFake.ExternalEntity(exfiltration.Url("exfil"))));
        await using var services = TestClients.Build(vendor, more: b => b.AddSoapClient(o => o.Endpoint = new Uri("xxe", UriKind.Relative)));

        var act = () => Soap(services).InvokeAsync("urn:legacy-crm/Find", Echo("x"));

        var exception = (await act.Should().ThrowAsync<ConnectorException>()).Which;
        exception.Code.Should().Be(ConnectorErrorCode.MalformedResponse);
        exception.Error.TechnicalDetail.Should().Contain("external entities");
        exfiltration.Hits.Should().Be(0);
    }

    [Test]
    public async Task InvokeAsync_NestedDeeperThanTheLimit_IsRefused()
    {
        var (vendor, services) = await StartAsync(o =>
        {
            o.Endpoint = new Uri("deep", UriKind.Relative);
            o.MaxDepth = 32;
        });
        await using var _ = vendor;
        await using var __ = services;

        var act = () => Soap(services).InvokeAsync("urn:legacy-crm/Find", Echo("x"));

        (await act.Should().ThrowAsync<ConnectorException>()).Which.Error.TechnicalDetail.Should().Contain("nested deeper than the limit of 32");
    }

    [Test]
    public async Task InvokeAsync_LargerThanTheLimit_IsRefused()
    {
        var (vendor, services) = await StartAsync(o =>
        {
            o.Endpoint = new Uri("huge", UriKind.Relative);
            o.MaxResponseBytes = 4096;
        });
        await using var _ = vendor;
        await using var __ = services;

        var act = () => Soap(services).InvokeAsync("urn:legacy-crm/Find", Echo("x"));

        var exception = (await act.Should().ThrowAsync<ConnectorException>()).Which;
        exception.Code.Should().Be(ConnectorErrorCode.MalformedResponse);
        exception.Error.TechnicalDetail.Should().Contain("larger than the limit of 4096 bytes");
    }

    [Test]
    public async Task InvokeAsync_HtmlErrorPage_IsClassifiedByItsStatus()
    {
        var (vendor, services) = await StartAsync(o => o.Endpoint = new Uri("html500", UriKind.Relative));
        await using var _ = vendor;
        await using var __ = services;

        var act = () => Soap(services).InvokeAsync("urn:legacy-crm/Find", Echo("x"));

        var exception = (await act.Should().ThrowAsync<ConnectorException>()).Which;
        exception.Code.Should().Be(ConnectorErrorCode.ServiceUnavailable);
        exception.Should().NotBeOfType<SoapFaultException>();
    }
}
