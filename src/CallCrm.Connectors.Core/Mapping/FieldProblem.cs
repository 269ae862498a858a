using CallCrm.Connectors.Errors;

namespace CallCrm.Connectors.Mapping;

/// <summary>A problem a cleansing rule found in one field.</summary>
/// <param name="Field">The field's name.</param>
/// <param name="Reason">What is wrong, in English, without the field's value (values may be personal data).</param>
/// <param name="Code">The SDK error code that fits, for example <see cref="ConnectorErrorCode.InvalidDateTime"/>.</param>
/// <param name="Severity">Whether the record can still be delivered.</param>
public sealed record FieldProblem(string Field, string Reason, ConnectorErrorCode Code, FieldProblemSeverity Severity)
{
    /// <summary>Gets the problem as a <see cref="FieldError"/> of a <see cref="ConnectorError"/>.</summary>
    /// <returns>The field error.</returns>
    public FieldError ToFieldError() => new(Field, Reason);
}
