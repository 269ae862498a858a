namespace CallCrm.Connectors.Normalization;

/// <summary>What <see cref="IPhoneNumberNormalizer.Normalize"/> made of a raw phone number.</summary>
public enum PhoneNumberStatus
{
    /// <summary>Nothing was sent: <see langword="null"/>, white space, invisible characters only, or a
    /// placeholder such as <c>null</c>, <c>none</c> or <c>n/a</c>.</summary>
    Empty = 0,

    /// <summary>The number is valid and its E.164 form is known.</summary>
    Valid = 1,

    /// <summary>The caller withheld the number: the source sent a marker such as <c>anonymous</c>,
    /// <c>restricted</c>, a SIP URI at <c>anonymous.invalid</c>, or a vendor's sentinel number.</summary>
    Anonymous = 2,

    /// <summary>A value was sent but it is not a valid phone number; <see cref="PhoneNumberResult.FailureReason"/> says why.</summary>
    Invalid = 3,
}
