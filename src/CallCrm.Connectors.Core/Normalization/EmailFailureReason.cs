namespace CallCrm.Connectors.Normalization;

/// <summary>Why an <see cref="EmailNormalizer"/> refused a value.</summary>
public enum EmailFailureReason
{
    /// <summary>The address was accepted: there is no failure.</summary>
    None = 0,

    /// <summary>The value is <see langword="null"/>, empty, or only white space and invisible characters.</summary>
    Empty,

    /// <summary>The value has no <c>@</c>.</summary>
    MissingAtSign,

    /// <summary>The part before the <c>@</c> is empty, longer than 64 bytes, starts or ends with a dot, has two dots in a
    /// row, or holds a character an unquoted address may not hold (white space, <c>@</c>, <c>(</c>, <c>,</c>, quotes...).</summary>
    InvalidLocalPart,

    /// <summary>The part after the <c>@</c> is not a host name: empty, a single label, a label longer than 63
    /// characters, a character other than letters, digits and hyphens, an all-numeric top-level label, or an
    /// internationalized name that IDNA refuses.</summary>
    InvalidDomain,

    /// <summary>The whole address is longer than 254 characters.</summary>
    TooLong,
}
