namespace CallCrm.Connectors.Normalization;

/// <summary>The kind of line a valid number belongs to, as its country's numbering plan defines it.</summary>
/// <remarks>Our own type rather than libphonenumber's, so that the SDK's public surface does not move when that
/// library changes.</remarks>
public enum PhoneNumberLineType
{
    /// <summary>The kind is not known (always the case for numbers that are not valid).</summary>
    Unknown = 0,

    /// <summary>A fixed (landline) number.</summary>
    FixedLine = 1,

    /// <summary>A mobile number.</summary>
    Mobile = 2,

    /// <summary>A number that may be fixed or mobile: the plan does not tell (the United States, Canada and
    /// a few other countries).</summary>
    FixedLineOrMobile = 3,

    /// <summary>A toll-free (freephone) number.</summary>
    TollFree = 4,

    /// <summary>A premium-rate number.</summary>
    PremiumRate = 5,

    /// <summary>A shared-cost number.</summary>
    SharedCost = 6,

    /// <summary>A voice-over-IP number.</summary>
    Voip = 7,

    /// <summary>A personal number, routed to another line chosen by its owner.</summary>
    PersonalNumber = 8,

    /// <summary>A pager number.</summary>
    Pager = 9,

    /// <summary>A universal access number (a company number routed to one of its offices).</summary>
    UniversalAccessNumber = 10,

    /// <summary>A number that reaches a voicemail box directly.</summary>
    Voicemail = 11,
}
