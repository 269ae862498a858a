using System;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Net.Sockets;
using System.Threading;
using System.Threading.Tasks;
using CallCrm.Connectors.Errors;
using Microsoft.Extensions.Logging;

namespace CallCrm.Connectors.Http.Security;

/// <summary>Refuses, at connect time, addresses a cloud vendor's host name has no business resolving to: loopback,
/// private, link-local (the cloud metadata service at 169.254.169.254), carrier-grade NAT, unique-local IPv6.
/// Checking the resolved address, not the name, also defeats DNS rebinding.</summary>
internal sealed class NetworkAddressPolicy
{
    private readonly bool allowPrivate;
    private readonly bool allowLoopback;
    private readonly string systemName;
    private readonly ILogger logger;

    public NetworkAddressPolicy(bool allowPrivate, bool allowLoopback, string systemName, ILogger logger)
    {
        this.allowPrivate = allowPrivate;
        this.allowLoopback = allowLoopback;
        this.systemName = systemName;
        this.logger = logger;
    }

    public static bool IsPrivate(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        if (IPAddress.IsLoopback(address) || address.Equals(IPAddress.Any) || address.Equals(IPAddress.IPv6Any))
        {
            return true;
        }

        if (address.AddressFamily == AddressFamily.InterNetworkV6)
        {
            return address.IsIPv6LinkLocal || address.IsIPv6SiteLocal || address.IsIPv6UniqueLocal || address.IsIPv6Multicast;
        }

        Span<byte> b = stackalloc byte[4];
        address.TryWriteBytes(b, out _);
        return b[0] == 10 || b[0] == 0 || b[0] >= 224
            || (b[0] == 172 && b[1] >= 16 && b[1] <= 31)
            || (b[0] == 192 && b[1] == 168)
            || (b[0] == 169 && b[1] == 254)
            || (b[0] == 100 && b[1] >= 64 && b[1] <= 127);
    }

    public bool IsAllowed(IPAddress address) =>
        allowPrivate || !IsPrivate(address) || (allowLoopback && IPAddress.IsLoopback(address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address));

    public async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken cancellationToken)
    {
        var endPoint = context.DnsEndPoint;
        var addresses = IPAddress.TryParse(endPoint.Host, out var literal)
            ? [literal]
            : await Dns.GetHostAddressesAsync(endPoint.Host, cancellationToken).ConfigureAwait(false);
        var allowed = addresses.Where(IsAllowed).ToArray();
        if (allowed.Length == 0)
        {
            Log.PrivateAddressRefused(logger, systemName, endPoint.Host);
            throw new ConnectorException(new ConnectorError
            {
                Code = ConnectorErrorCode.InsecureTransport,
                SystemName = systemName,
                TechnicalDetail = "Refused: host '" + endPoint.Host + "' resolves only to private, loopback or link-local addresses; set AllowPrivateNetworkAddresses for an on-premises system.",
            });
        }

        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(allowed, endPoint.Port, cancellationToken).ConfigureAwait(false);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }
}
