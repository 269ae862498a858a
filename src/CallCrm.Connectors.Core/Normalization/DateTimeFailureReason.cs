namespace CallCrm.Connectors.Normalization;

/// <summary>Why a <see cref="DateTimeNormalizer"/> could not read a value.</summary>
public enum DateTimeFailureReason
{
    /// <summary>The value was read: there is no failure.</summary>
    None = 0,

    /// <summary>The value is <see langword="null"/>, empty, or only white space and invisible characters.</summary>
    Empty,

    /// <summary>The value is in none of the accepted formats (or Unix timestamps are turned off).</summary>
    UnrecognizedFormat,

    /// <summary>The value has the shape of a date, but the date does not exist: month 13, 30 February, day 0, or a
    /// day of the week that does not match the date.</summary>
    InvalidDate,

    /// <summary>The value has the shape of a time of day, but the time does not exist: hour 25, minute 60, second 60.</summary>
    InvalidTime,

    /// <summary>The UTC offset does not exist: more than 18 hours either way, or 60 minutes or more.</summary>
    InvalidOffset,

    /// <summary>The value is a number too large (or too far below zero) to be a Unix timestamp in seconds or milliseconds.</summary>
    OutOfRange,
}
