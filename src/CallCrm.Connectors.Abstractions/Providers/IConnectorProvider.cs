namespace CallCrm.Connectors.Providers;

/// <summary>What every source, sink and lookup declares about itself.</summary>
public interface IConnectorProvider
{
    /// <summary>Gets the provider's name, for example <c>twilio</c> or <c>hubspot</c>; used in logs, metrics, keys and health checks.</summary>
    string Name { get; }
}
