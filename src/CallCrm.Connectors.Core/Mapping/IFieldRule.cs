namespace CallCrm.Connectors.Mapping;

/// <summary>One cleansing step applied to a string field: trims it, normalizes it, checks it, fills it in...</summary>
/// <remarks>
/// Implementations must be thread-safe and must not throw for bad data: they return
/// <see cref="FieldRuleOutcome.Error(string?, string, Errors.ConnectorErrorCode)"/> instead. Reasons must not hold the value
/// (values may be personal data and reasons end up in logs and dead-letter records).
/// </remarks>
public interface IFieldRule
{
    /// <summary>Applies the rule to a value.</summary>
    /// <param name="value">The value, or <see langword="null"/> when the field is absent.</param>
    /// <returns>The value to pass on, and any problem found.</returns>
    FieldRuleOutcome Apply(string? value);
}
