using System.Globalization;
using CallCrm.Connectors.Errors;

namespace CallCrm.Connectors.Http.Tests;

public class VendorUrlGuardTests
{
    private static readonly CultureInfo English = CultureInfo.GetCultureInfo("en");
    private readonly VendorUrlGuard guard = new(new Uri("https://api.hubapi.com/crm/v3/"), ["files.hubspot.net"], systemName: "HubSpot");

    [TestCase("objects/contacts?after=123", "https://api.hubapi.com/crm/v3/objects/contacts?after=123")]
    [TestCase("/crm/v3/objects/calls?after=9", "https://api.hubapi.com/crm/v3/objects/calls?after=9")]
    [TestCase("https://api.hubapi.com/crm/v3/objects/contacts?after=2", "https://api.hubapi.com/crm/v3/objects/contacts?after=2")]
    [TestCase("HTTPS://API.HUBAPI.COM/x", "https://api.hubapi.com/x")]
    [TestCase("https://files.hubspot.net/recording.mp3", "https://files.hubspot.net/recording.mp3")]
    public void Resolve_LinkOnVendorHost_ReturnsAbsoluteUri(string link, string expected)
    {
        guard.Resolve(link).Should().Be(new Uri(expected));
    }

    [TestCase("https://evil.example/crm/v3/objects")]
    [TestCase("//evil.example/steal")]
    [TestCase("http://api.hubapi.com/crm/v3/objects")]
    [TestCase("https://api.hubapi.com:8443/crm")]
    [TestCase("https://user:pass@api.hubapi.com/crm")]
    [TestCase("https://169.254.169.254/latest/meta-data/")]
    [TestCase("https://10.0.0.5/internal")]
    [TestCase("ftp://api.hubapi.com/file")]
    [TestCase("file:///etc/passwd")]
    [TestCase("http://files.hubspot.net/recording.mp3")]
    public void Resolve_LinkLeavingVendorHostOrHttps_ThrowsInsecureTransport(string link)
    {
        var act = () => guard.Resolve(link);

        var exception = act.Should().Throw<ConnectorException>().Which;
        exception.Code.Should().Be(ConnectorErrorCode.InsecureTransport);
        exception.IsTransient.Should().BeFalse();
        exception.Error.SystemName.Should().Be("HubSpot");
        exception.Error.TechnicalDetail.Should().Contain("https://api.hubapi.com");
        exception.Error.GetUserMessage(English).Should().Contain("HubSpot").And.Contain("not secure");
    }

    [Test]
    public void Resolve_OtherHost_NamesTheRefusedHostButNotThePath()
    {
        var act = () => guard.Resolve("https://evil.example/contacts/alice@example.com");

        act.Should().Throw<ConnectorException>().Which.Error.TechnicalDetail
            .Should().Contain("evil.example").And.NotContain("alice@example.com");
    }

    [Test]
    public void TryResolve_RefusedOrEmptyLink_ReturnsFalse()
    {
        guard.TryResolve("https://evil.example/", out var refused).Should().BeFalse();
        refused.Should().BeNull();
        guard.TryResolve(null, out _).Should().BeFalse();
        guard.TryResolve("  ", out _).Should().BeFalse();
        guard.TryResolve("objects/calls", out var allowed).Should().BeTrue();
        allowed.Should().Be(new Uri("https://api.hubapi.com/crm/v3/objects/calls"));
    }

    [Test]
    public void Constructor_PlainHttpBaseAddress_ThrowsInsecureTransport()
    {
        var act = () => new VendorUrlGuard(new Uri("http://crm.example.com/"), allowInsecureLoopback: true);

        act.Should().Throw<ConnectorException>().Which.Code.Should().Be(ConnectorErrorCode.InsecureTransport);
    }

    [Test]
    public void Constructor_PlainHttpLoopback_AllowedOnlyWhenAskedFor()
    {
        var loopback = new Uri("http://127.0.0.1:5000/");

        new Func<VendorUrlGuard>(() => new VendorUrlGuard(loopback)).Should().Throw<ConnectorException>()
            .Which.Error.TechnicalDetail.Should().Contain("AllowInsecureLoopback");
        new VendorUrlGuard(loopback, allowInsecureLoopback: true).IsAllowed(new Uri("http://127.0.0.1:5000/x")).Should().BeTrue();
    }

    [Test]
    public void ToString_ShowsOnlyTheOrigin()
    {
        guard.ToString().Should().Be("VendorUrlGuard { https://api.hubapi.com }");
    }
}
