namespace CallCrm.Connectors.Auditing;

/// <summary>How a <see cref="DataChange"/> ended.</summary>
public enum DataChangeOutcome
{
    /// <summary>Not said.</summary>
    Unknown = 0,

    /// <summary>The change was made.</summary>
    Succeeded = 1,

    /// <summary>The change was attempted and refused for good (for example dead-lettered).</summary>
    Failed = 2,
}
