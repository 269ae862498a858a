using System;
using System.Collections.Generic;
using System.Diagnostics.CodeAnalysis;
using System.Linq;
using CallCrm.Connectors.Errors;

namespace CallCrm.Connectors.Http;

/// <summary>Decides whether a URL may be requested: only the configured vendor host and scheme (and the hosts the
/// options add), never another host, never plain <c>http</c> except to loopback when allowed. Providers call
/// <see cref="Resolve(string)"/> on every link taken from a vendor answer (next-page links, recording links); the
/// client applies the same rule to every request and every redirect hop.</summary>
/// <example>
/// <code>
/// // paging.next.link = "/crm/v3/objects/contacts?after=123" or an absolute URL on the same host
/// Uri next = guard.Resolve(page.Paging.Next.Link);
/// </code>
/// </example>
public sealed class VendorUrlGuard
{
    private readonly HashSet<string> additionalHosts;
    private readonly bool allowInsecureLoopback;

    /// <summary>Initializes a new instance of the <see cref="VendorUrlGuard"/> class.</summary>
    /// <param name="baseAddress">The vendor's base address; relative links resolve against it.</param>
    /// <param name="additionalAllowedHosts">Further vendor hosts allowed over <c>https</c> on the default port.</param>
    /// <param name="allowInsecureLoopback">Whether plain <c>http</c> is allowed to loopback addresses.</param>
    /// <param name="systemName">The vendor's name for error messages.</param>
    /// <exception cref="ConnectorException"><paramref name="baseAddress"/> itself is not allowed (code
    /// <see cref="ConnectorErrorCode.InsecureTransport"/>).</exception>
    public VendorUrlGuard(Uri baseAddress, IEnumerable<string>? additionalAllowedHosts = null, bool allowInsecureLoopback = false, string? systemName = null)
    {
        ArgumentNullException.ThrowIfNull(baseAddress);
        if (!baseAddress.IsAbsoluteUri)
        {
            throw new ArgumentException("The base address must be an absolute URI.", nameof(baseAddress));
        }

        if (!string.IsNullOrEmpty(baseAddress.UserInfo))
        {
            throw new ArgumentException("The base address must not carry user credentials; use an authentication method instead.", nameof(baseAddress));
        }

        BaseAddress = baseAddress;
        SystemName = systemName;
        this.allowInsecureLoopback = allowInsecureLoopback;
        additionalHosts = new HashSet<string>(additionalAllowedHosts ?? [], StringComparer.OrdinalIgnoreCase);
        EnsureSecureTransport(baseAddress);
    }

    /// <summary>Gets the vendor's base address.</summary>
    public Uri BaseAddress { get; }

    /// <summary>Gets the vendor's name used in error messages, if given.</summary>
    public string? SystemName { get; }

    /// <summary>Resolves a link from a vendor answer (relative to <see cref="BaseAddress"/> or absolute) and checks it.</summary>
    /// <param name="link">The link.</param>
    /// <returns>The absolute URI to request.</returns>
    /// <exception cref="ConnectorException">The link leaves the vendor host or scheme, or is not a URI (code
    /// <see cref="ConnectorErrorCode.InsecureTransport"/>).</exception>
    public Uri Resolve(string link)
    {
        ArgumentNullException.ThrowIfNull(link);
        if (!Uri.TryCreate(BaseAddress, link.Trim(), out var uri))
        {
            throw Refuse("a link from the vendor is not a valid URI");
        }

        return Check(uri);
    }

    /// <summary>Checks an absolute URI, or resolves and checks a relative one.</summary>
    /// <param name="link">The link.</param>
    /// <returns>The absolute URI to request.</returns>
    /// <exception cref="ConnectorException">The link leaves the vendor host or scheme (code
    /// <see cref="ConnectorErrorCode.InsecureTransport"/>).</exception>
    public Uri Resolve(Uri link)
    {
        ArgumentNullException.ThrowIfNull(link);
        return Check(link.IsAbsoluteUri ? link : new Uri(BaseAddress, link));
    }

    /// <summary>Resolves and checks a link without throwing.</summary>
    /// <param name="link">The link; <see langword="null"/> or empty gives <see langword="false"/>.</param>
    /// <param name="uri">The absolute URI to request, when allowed.</param>
    /// <returns><see langword="true"/> when the link may be followed.</returns>
    public bool TryResolve(string? link, [NotNullWhen(true)] out Uri? uri)
    {
        uri = null;
        if (string.IsNullOrWhiteSpace(link) || !Uri.TryCreate(BaseAddress, link.Trim(), out var resolved) || Why(resolved) is not null)
        {
            return false;
        }

        uri = resolved;
        return true;
    }

    /// <summary>Gets whether an absolute URI may be requested.</summary>
    /// <param name="uri">The URI.</param>
    /// <returns><see langword="true"/> when it stays on the vendor's host and scheme.</returns>
    public bool IsAllowed(Uri uri)
    {
        ArgumentNullException.ThrowIfNull(uri);
        return uri.IsAbsoluteUri && Why(uri) is null;
    }

    /// <inheritdoc />
    public override string ToString() => $"{nameof(VendorUrlGuard)} {{ {BaseAddress.GetLeftPart(UriPartial.Authority)} }}";

    internal Uri Check(Uri uri)
    {
        if (Why(uri) is { } reason)
        {
            throw Refuse(reason);
        }

        return uri;
    }

    internal void EnsureSecureTransport(Uri uri)
    {
        if (InsecureReason(uri) is { } reason)
        {
            throw Refuse(reason);
        }
    }

    internal static bool IsSecureOrAllowedLoopback(Uri uri, bool allowInsecureLoopback) =>
        uri.IsAbsoluteUri && (uri.Scheme == Uri.UriSchemeHttps || (allowInsecureLoopback && uri.Scheme == Uri.UriSchemeHttp && uri.IsLoopback));

    private ConnectorException Refuse(string reason) => new(new ConnectorError
    {
        Code = ConnectorErrorCode.InsecureTransport,
        IsTransient = false,
        SystemName = SystemName,
        TechnicalDetail = string.Concat("Refused: ", reason, ". The client only talks to ", BaseAddress.GetLeftPart(UriPartial.Authority),
            additionalHosts.Count == 0 ? string.Empty : " and https://" + string.Join(", https://", additionalHosts.Order(StringComparer.Ordinal)),
            "."),
    });

    private string? InsecureReason(Uri uri)
    {
        if (!uri.IsAbsoluteUri)
        {
            return "the URI is not absolute";
        }

        if (IsSecureOrAllowedLoopback(uri, allowInsecureLoopback))
        {
            return null;
        }

        return uri.Scheme == Uri.UriSchemeHttp
            ? (uri.IsLoopback
                ? "plain http is used, which is allowed only for loopback addresses when AllowInsecureLoopback is set"
                : "plain http is used to host '" + uri.IdnHost + "'; only https is allowed")
            : "scheme '" + uri.Scheme + "' is not https";
    }

    // Only the scheme, host and port are named in the reason: the rest of a URL may carry personal data.
    private string? Why(Uri uri)
    {
        if (InsecureReason(uri) is { } insecure)
        {
            return insecure;
        }

        if (!string.IsNullOrEmpty(uri.UserInfo))
        {
            return "the URI carries user credentials";
        }

        var sameOrigin = string.Equals(uri.Scheme, BaseAddress.Scheme, StringComparison.OrdinalIgnoreCase)
            && string.Equals(uri.IdnHost, BaseAddress.IdnHost, StringComparison.OrdinalIgnoreCase)
            && uri.Port == BaseAddress.Port;
        if (sameOrigin)
        {
            return null;
        }

        var allowedOtherHost = uri.Scheme == Uri.UriSchemeHttps && uri.IsDefaultPort && additionalHosts.Contains(uri.IdnHost);
        return allowedOtherHost ? null : "the link leads to " + uri.Scheme + "://" + uri.IdnHost + ":" + uri.Port.ToString(System.Globalization.CultureInfo.InvariantCulture) + ", which is not the vendor's host";
    }
}
