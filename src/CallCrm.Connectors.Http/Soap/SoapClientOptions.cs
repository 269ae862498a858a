using System;

namespace CallCrm.Connectors.Http.Soap;

/// <summary>Options of a <see cref="SoapClient"/>.</summary>
public sealed class SoapClientOptions
{
    /// <summary>Gets or sets the SOAP version.</summary>
    /// <value>The default value is <see cref="SoapVersion.Soap11"/>.</value>
    public SoapVersion Version { get; set; }

    /// <summary>Gets or sets the service endpoint, relative to the client's base address (or absolute on the same host).</summary>
    /// <value>The default value is <see langword="null"/>: the base address itself.</value>
    public Uri? Endpoint { get; set; }

    /// <summary>Gets or sets the WS-Security UsernameToken credentials, or <see langword="null"/> for none.</summary>
    /// <value>The default value is <see langword="null"/>.</value>
    public WsSecurityOptions? WsSecurity { get; set; }

    /// <summary>Gets or sets the largest response accepted, in bytes (and in characters once decoded).</summary>
    /// <value>The default value is 4 MiB.</value>
    public int MaxResponseBytes { get; set; } = 4 * 1024 * 1024;

    /// <summary>Gets or sets the deepest element nesting accepted in a response.</summary>
    /// <value>The default value is 64.</value>
    public int MaxDepth { get; set; } = 64;

    /// <inheritdoc />
    public override string ToString() => $"{nameof(SoapClientOptions)} {{ {nameof(Version)} = {Version}, {nameof(Endpoint)} = {UriText.Describe(Endpoint)}, {nameof(WsSecurity)} = {WsSecurity} }}";
}
