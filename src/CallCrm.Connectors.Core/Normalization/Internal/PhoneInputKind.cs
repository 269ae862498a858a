namespace CallCrm.Connectors.Normalization.Internal;

/// <summary>What <see cref="PhoneInputCleaner"/> found in a raw value.</summary>
internal enum PhoneInputKind
{
    /// <summary>Something to hand to libphonenumber.</summary>
    Number,

    /// <summary>Nothing, or a placeholder.</summary>
    Empty,

    /// <summary>A withheld-caller marker.</summary>
    Withheld,

    /// <summary>Letters that are not part of a URI, caller-ID name or extension marker.</summary>
    ContainsLetters,

    /// <summary>Characters that have no place in a phone number.</summary>
    NotANumber,
}
