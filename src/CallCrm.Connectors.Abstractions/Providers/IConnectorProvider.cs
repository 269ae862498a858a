namespace CallCrm.Connectors.Providers;

/// <summary>What every source and sink declares about itself.</summary>
public interface IConnectorProvider
{
    /// <summary>Gets the provider's name, for example <c>twilio</c> or <c>hubspot</c>; used in logs, metrics, keys and health checks.</summary>
    string Name { get; }

    /// <summary>Gets what the provider can do.</summary>
    ProviderCapabilities Capabilities { get; }
}
