using System.Collections.Generic;

namespace CallCrm.Connectors.Auditing;

/// <summary>One change the SDK made, as an <see cref="IDataChangeAuditor"/> receives it.</summary>
public sealed record DataChange
{
    /// <summary>Gets what was done.</summary>
    public required DataChangeKind Kind { get; init; }

    /// <summary>Gets the name of the sync stream that made the change (for example <c>calls</c>).</summary>
    public required string Stream { get; init; }

    /// <summary>Gets the kind of entity changed, for example <see cref="DataChangeEntityTypes.Call"/>.</summary>
    public required string EntityType { get; init; }

    /// <summary>Gets the entity's key: a call's <see cref="Model.CallRecord.Key"/>, a tag update's customer id, a dead letter's id. May hold
    /// personal data (a key made of a phone number): pseudonymize before storing.</summary>
    public required string EntityKey { get; init; }

    /// <summary>Gets the name of the system changed (the sink's provider name), if any.</summary>
    public string? TargetSystem { get; init; }

    /// <summary>Gets the fields written, or the tags pushed, where known.</summary>
    public IReadOnlyList<string> Fields { get; init; } = [];

    /// <summary>Gets how the change ended.</summary>
    public DataChangeOutcome Outcome { get; init; } = DataChangeOutcome.Succeeded;

    /// <summary>Gets the id of the sync run that made the change, if a run made it.</summary>
    public string? RunId { get; init; }

    /// <summary>Gets who asked for the change when a person did (for example an operator replaying dead letters), or
    /// <see langword="null"/> for changes the engine makes on its own.</summary>
    public string? Actor { get; init; }
}
