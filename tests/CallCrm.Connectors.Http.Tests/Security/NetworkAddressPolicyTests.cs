using System.Net;
using CallCrm.Connectors.Errors;
using CallCrm.Connectors.Http.Security;
using CallCrm.Connectors.Http.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace CallCrm.Connectors.Http.Tests.Security;

public class NetworkAddressPolicyTests
{
    [TestCase("127.0.0.1")]
    [TestCase("10.1.2.3")]
    [TestCase("172.16.0.1")]
    [TestCase("172.31.255.255")]
    [TestCase("192.168.1.1")]
    [TestCase("169.254.169.254")]
    [TestCase("100.64.0.1")]
    [TestCase("0.0.0.0")]
    [TestCase("::1")]
    [TestCase("fe80::1")]
    [TestCase("fd00::1")]
    [TestCase("::ffff:10.0.0.1")]
    public void IsPrivate_InternalAddress_IsTrue(string address)
    {
        NetworkAddressPolicy.IsPrivate(IPAddress.Parse(address)).Should().BeTrue();
    }

    [TestCase("104.16.0.1")]
    [TestCase("172.32.0.1")]
    [TestCase("8.8.8.8")]
    [TestCase("2606:4700::1")]
    public void IsPrivate_PublicAddress_IsFalse(string address)
    {
        NetworkAddressPolicy.IsPrivate(IPAddress.Parse(address)).Should().BeFalse();
    }

    [Test]
    public async Task SendAsync_HttpsHostResolvingToLoopback_IsRefusedAtConnectWithoutReachingIt()
    {
        await using var internalService = await VendorFake.StartAsync(app => app.Map("/admin", () => "internal"));
        var https = new UriBuilder(internalService.BaseAddress) { Scheme = Uri.UriSchemeHttps }.Uri;
        await using var services = Services.Build(s => s.AddCallCrmHttpClient("cloud", o =>
        {
            o.BaseAddress = https;
            o.Retry.MaxRetryAttempts = 0;
        }));

        var act = () => services.Client("cloud").GetAsync(new Uri("admin", UriKind.Relative));

        var exception = (await act.Should().ThrowAsync<ConnectorException>()).Which;
        exception.Code.Should().Be(ConnectorErrorCode.InsecureTransport);
        exception.Error.TechnicalDetail.Should().Contain("AllowPrivateNetworkAddresses");
        internalService.Hits.Should().Be(0);
    }
}
