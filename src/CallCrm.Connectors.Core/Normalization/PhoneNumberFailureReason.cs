namespace CallCrm.Connectors.Normalization;

/// <summary>Why a phone number is <see cref="PhoneNumberStatus.Invalid"/>.</summary>
public enum PhoneNumberFailureReason
{
    /// <summary>The number is not invalid.</summary>
    None = 0,

    /// <summary>The value holds no digits, or characters that have no place in a phone number.</summary>
    NotANumber = 1,

    /// <summary>The value holds letters (other than an extension marker such as <c>ext</c> or <c>x</c>).</summary>
    ContainsLetters = 2,

    /// <summary>The number has too few digits to be a number of its country, such as a local number dialled
    /// without its area code.</summary>
    TooShort = 3,

    /// <summary>The number has too many digits to be a number of its country, or the value is longer than
    /// <see cref="PhoneNumberNormalizer.MaxInputLength"/> characters.</summary>
    TooLong = 4,

    /// <summary>The number's length is between lengths its country uses but is not one of them.</summary>
    InvalidLength = 5,

    /// <summary>The number starts with a country calling code that does not exist.</summary>
    InvalidCountryCode = 6,

    /// <summary>The number has a possible length but matches no number range of its country (for example an
    /// unassigned prefix).</summary>
    NotAssigned = 7,

    /// <summary>The region passed to <see cref="IPhoneNumberNormalizer.Normalize"/> is not an ISO 3166-1 alpha-2 code
    /// that the phone-number metadata knows.</summary>
    UnknownRegion = 8,
}
