using System;
using CallCrm.Connectors.Errors;

namespace CallCrm.Connectors.Normalization;

/// <summary>The outcome of <see cref="EmailNormalizer.Normalize(string?)"/>: the normalized address, or why there is none.</summary>
public sealed class EmailNormalizationResult
{
    private EmailNormalizationResult(string? value, EmailFailureReason reason, string? message)
    {
        Value = value;
        FailureReason = reason;
        FailureMessage = message;
    }

    /// <summary>Gets whether the address was accepted.</summary>
    public bool IsSuccess => FailureReason == EmailFailureReason.None;

    /// <summary>Gets the normalized address (local part as sent, domain in lower-case ASCII), or <see langword="null"/> on failure.</summary>
    /// <remarks>An e-mail address is personal data: do not log it.</remarks>
    public string? Value { get; }

    /// <summary>Gets why the address was refused, or <see cref="EmailFailureReason.None"/>.</summary>
    public EmailFailureReason FailureReason { get; }

    /// <summary>Gets an English sentence saying what is wrong (without the address itself), or <see langword="null"/> on success.</summary>
    public string? FailureMessage { get; }

    /// <summary>Describes the failure as the SDK's error, code <see cref="ConnectorErrorCode.InvalidRecord"/>.</summary>
    /// <param name="fieldName">The name of the field that held the address, if known; it becomes a <see cref="FieldError"/>.</param>
    /// <returns>The error (never transient).</returns>
    /// <exception cref="InvalidOperationException">The address was accepted: there is no failure to describe.</exception>
    public ConnectorError ToConnectorError(string? fieldName = null)
    {
        if (IsSuccess)
        {
            throw new InvalidOperationException("The e-mail address was accepted: there is no failure to describe.");
        }

        string reason = string.Concat(FailureReason.ToString(), ": ", FailureMessage);
        return new ConnectorError
        {
            Code = ConnectorErrorCode.InvalidRecord,
            TechnicalDetail = fieldName is null ? reason : string.Concat(fieldName, ": ", reason),
            FieldErrors = fieldName is null ? [] : [new FieldError(fieldName, reason)],
        };
    }

    /// <inheritdoc />
    /// <remarks>Never shows the address: only whether it was accepted, or why not.</remarks>
    public override string ToString() => IsSuccess ? "Valid e-mail address" : string.Concat(FailureReason.ToString(), ": ", FailureMessage);

    internal static EmailNormalizationResult Success(string value) => new(value, EmailFailureReason.None, null);

    internal static EmailNormalizationResult Failure(EmailFailureReason reason, string message) => new(null, reason, message);
}
