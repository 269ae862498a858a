namespace CallCrm.Connectors.Mapping;

/// <summary>How serious a <see cref="FieldProblem"/> is.</summary>
public enum FieldProblemSeverity
{
    /// <summary>The value was changed in a way worth recording (truncated, for example); the record can still be delivered.</summary>
    Warning = 0,

    /// <summary>The value is unusable; the field's remaining rules were skipped and the record should be dead-lettered.</summary>
    Error,
}
