using System;
using CallCrm.Connectors.Errors;

namespace CallCrm.Connectors.Mapping;

/// <summary>What an <see cref="IFieldRule"/> made of a value: the value to pass on, and any problem it found.</summary>
public readonly struct FieldRuleOutcome : IEquatable<FieldRuleOutcome>
{
    private FieldRuleOutcome(string? value, string? reason, ConnectorErrorCode code, FieldProblemSeverity severity)
    {
        Value = value;
        Reason = reason;
        Code = code;
        Severity = severity;
    }

    /// <summary>Gets the value to pass to the next rule (or to keep, after an error).</summary>
    public string? Value { get; }

    /// <summary>Gets what is wrong, or <see langword="null"/> when the rule found nothing wrong.</summary>
    public string? Reason { get; }

    /// <summary>Gets the SDK error code of the problem; meaningless when <see cref="Reason"/> is <see langword="null"/>.</summary>
    public ConnectorErrorCode Code { get; }

    /// <summary>Gets the severity of the problem; meaningless when <see cref="Reason"/> is <see langword="null"/>.</summary>
    public FieldProblemSeverity Severity { get; }

    /// <summary>Gets whether the rule found an error, which stops the field's chain of rules.</summary>
    public bool IsError => Reason is not null && Severity == FieldProblemSeverity.Error;

    /// <summary>Returns whether two outcomes are equal.</summary>
    /// <param name="left">The first outcome.</param>
    /// <param name="right">The second outcome.</param>
    /// <returns><see langword="true"/> when they are equal.</returns>
    public static bool operator ==(FieldRuleOutcome left, FieldRuleOutcome right) => left.Equals(right);

    /// <summary>Returns whether two outcomes differ.</summary>
    /// <param name="left">The first outcome.</param>
    /// <param name="right">The second outcome.</param>
    /// <returns><see langword="true"/> when they differ.</returns>
    public static bool operator !=(FieldRuleOutcome left, FieldRuleOutcome right) => !left.Equals(right);

    /// <summary>Passes a value on to the next rule.</summary>
    /// <param name="value">The value.</param>
    /// <returns>The outcome.</returns>
    public static FieldRuleOutcome Continue(string? value) => new(value, null, default, default);

    /// <summary>Passes a value on and records a warning (the record can still be delivered).</summary>
    /// <param name="value">The value.</param>
    /// <param name="reason">What happened, without the value itself.</param>
    /// <param name="code">The SDK error code that fits.</param>
    /// <returns>The outcome.</returns>
    public static FieldRuleOutcome Warning(string? value, string reason, ConnectorErrorCode code)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(reason);
        return new(value, reason, code, FieldProblemSeverity.Warning);
    }

    /// <summary>Stops the field's rules and records an error (the record should be dead-lettered).</summary>
    /// <param name="value">The value to keep for the dead-lettered record, usually the value the rule received.</param>
    /// <param name="reason">What is wrong, without the value itself.</param>
    /// <param name="code">The SDK error code that fits, for example <see cref="ConnectorErrorCode.InvalidPhoneNumber"/>.</param>
    /// <returns>The outcome.</returns>
    public static FieldRuleOutcome Error(string? value, string reason, ConnectorErrorCode code)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(reason);
        return new(value, reason, code, FieldProblemSeverity.Error);
    }

    /// <inheritdoc />
    public bool Equals(FieldRuleOutcome other) =>
        string.Equals(Value, other.Value, StringComparison.Ordinal) && string.Equals(Reason, other.Reason, StringComparison.Ordinal)
        && Code == other.Code && Severity == other.Severity;

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is FieldRuleOutcome other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Value, Reason, Code, Severity);
}
