namespace CallCrm.Connectors.Mapping;

/// <summary>Which normalizer a configured field runs through (<see cref="FieldCleansingRule.Normalize"/>).</summary>
public enum FieldNormalization
{
    /// <summary>None: the value is only cleaned, defaulted, checked and truncated as configured.</summary>
    None = 0,

    /// <summary>An e-mail address (<see cref="FieldRules.NormalizeEmail"/>); an invalid address is an error.</summary>
    Email,

    /// <summary>A date and time written back as an ISO 8601 UTC instant (<see cref="FieldRules.NormalizeDateTime"/>), local
    /// times read in <see cref="FieldCleansingOptions.DefaultZone"/>; a value that cannot be read is an error.</summary>
    DateTime,

    /// <summary>A phone number written back in E.164, national numbers read in <see cref="FieldCleansingOptions.DefaultRegion"/>;
    /// a number that is not valid (withheld callers included) is an error.</summary>
    Phone,
}
