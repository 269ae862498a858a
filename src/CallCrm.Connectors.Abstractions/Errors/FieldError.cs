namespace CallCrm.Connectors.Errors;

/// <summary>One field a target refused, with its reason.</summary>
/// <param name="Field">The field's name as the target names it.</param>
/// <param name="Reason">Why it was refused, as the target says it.</param>
public sealed record FieldError(string Field, string Reason);
