using System;
using CallCrm.Connectors.Errors;
using NodaTime;
using NodaTime.Text;

namespace CallCrm.Connectors.Normalization;

/// <summary>The outcome of <see cref="DateTimeNormalizer.Normalize(string?)"/>: an <see cref="NodaTime.Instant"/>, or why there is none.</summary>
/// <remarks>The result never holds the raw value, so it is safe to log.</remarks>
public readonly struct DateTimeNormalizationResult : IEquatable<DateTimeNormalizationResult>
{
    private readonly Instant instant;

    private DateTimeNormalizationResult(Instant instant, DateTimeInputFormat format, DateTimeFailureReason reason, string? message)
    {
        this.instant = instant;
        Format = format;
        FailureReason = reason;
        FailureMessage = message;
    }

    /// <summary>Gets whether the value was read.</summary>
    public bool IsSuccess => FailureReason == DateTimeFailureReason.None;

    /// <summary>Gets the instant the value names.</summary>
    /// <exception cref="InvalidOperationException">The value could not be read; check <see cref="IsSuccess"/> first.</exception>
    public Instant Instant => IsSuccess
        ? instant
        : throw new InvalidOperationException(string.Concat("The date and time could not be read: ", FailureMessage));

    /// <summary>Gets the format in which the value was read; on failure, the format it was recognized as before the
    /// failure was found (an impossible date in Chinese form says <see cref="DateTimeInputFormat.Chinese"/>), or
    /// <see cref="DateTimeInputFormat.None"/>.</summary>
    public DateTimeInputFormat Format { get; }

    /// <summary>Gets why the value could not be read, or <see cref="DateTimeFailureReason.None"/>.</summary>
    public DateTimeFailureReason FailureReason { get; }

    /// <summary>Gets an English sentence saying what is wrong with the value (without the value itself), or
    /// <see langword="null"/> on success.</summary>
    public string? FailureMessage { get; }

    /// <summary>Returns whether two results are equal.</summary>
    /// <param name="left">The first result.</param>
    /// <param name="right">The second result.</param>
    /// <returns><see langword="true"/> when they are equal.</returns>
    public static bool operator ==(DateTimeNormalizationResult left, DateTimeNormalizationResult right) => left.Equals(right);

    /// <summary>Returns whether two results differ.</summary>
    /// <param name="left">The first result.</param>
    /// <param name="right">The second result.</param>
    /// <returns><see langword="true"/> when they differ.</returns>
    public static bool operator !=(DateTimeNormalizationResult left, DateTimeNormalizationResult right) => !left.Equals(right);

    /// <summary>Gets the instant when the value was read.</summary>
    /// <param name="value">The instant, or <see langword="default"/>.</param>
    /// <returns><see langword="true"/> when the value was read.</returns>
    public bool TryGetInstant(out Instant value)
    {
        value = instant;
        return IsSuccess;
    }

    /// <summary>Describes the failure as the SDK's error, code <see cref="ConnectorErrorCode.InvalidDateTime"/>, for
    /// dead-lettering the record that held the value.</summary>
    /// <param name="fieldName">The name of the field that held the value, if known; it becomes a <see cref="FieldError"/>.</param>
    /// <returns>The error (never transient: the same value fails the same way every time).</returns>
    /// <exception cref="InvalidOperationException">The value was read: there is no failure to describe.</exception>
    public ConnectorError ToConnectorError(string? fieldName = null)
    {
        if (IsSuccess)
        {
            throw new InvalidOperationException("The date and time was read: there is no failure to describe.");
        }

        string reason = string.Concat(FailureReason.ToString(), ": ", FailureMessage);
        return new ConnectorError
        {
            Code = ConnectorErrorCode.InvalidDateTime,
            IsTransient = false,
            TechnicalDetail = fieldName is null ? reason : string.Concat(fieldName, ": ", reason),
            FieldErrors = fieldName is null ? [] : [new FieldError(fieldName, reason)],
        };
    }

    /// <inheritdoc />
    public bool Equals(DateTimeNormalizationResult other) =>
        instant == other.instant && Format == other.Format && FailureReason == other.FailureReason
        && string.Equals(FailureMessage, other.FailureMessage, StringComparison.Ordinal);

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is DateTimeNormalizationResult other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(instant, Format, FailureReason);

    /// <inheritdoc />
    public override string ToString() => IsSuccess
        ? string.Concat(InstantPattern.ExtendedIso.Format(instant), " (", Format.ToString(), ")")
        : string.Concat(FailureReason.ToString(), ": ", FailureMessage);

    internal static DateTimeNormalizationResult Success(Instant instant, DateTimeInputFormat format) =>
        new(instant, format, DateTimeFailureReason.None, null);

    internal static DateTimeNormalizationResult Failure(DateTimeFailureReason reason, string message, DateTimeInputFormat format = DateTimeInputFormat.None) =>
        new(default, format, reason, message);
}
