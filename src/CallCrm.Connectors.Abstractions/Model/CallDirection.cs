namespace CallCrm.Connectors.Model;

/// <summary>The direction of a call as seen from the contact center.</summary>
public enum CallDirection
{
    /// <summary>The source did not say, or said something the SDK does not recognise.</summary>
    Unknown = 0,

    /// <summary>A customer called the contact center.</summary>
    Inbound = 1,

    /// <summary>The contact center called a customer (dialled by an agent or a dialler).</summary>
    Outbound = 2,

    /// <summary>A call between two parties of the contact center (agent to agent, transfer legs).</summary>
    Internal = 3,
}
