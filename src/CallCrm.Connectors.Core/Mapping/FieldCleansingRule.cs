namespace CallCrm.Connectors.Mapping;

/// <summary>The cleansing of one field, as configured (<c>CallCrm:Streams:&lt;name&gt;:Cleansing:Fields:&lt;field&gt;</c>).</summary>
/// <remarks>The steps run in a fixed order: <see cref="CleanText"/> (or <see cref="Trim"/>), <see cref="Default"/>,
/// <see cref="Required"/>, <see cref="Normalize"/>, <see cref="MaxLength"/>. An error stops the field's steps and
/// dead-letters the record; for any other order, build a <see cref="FieldRuleSet"/> in code.</remarks>
public sealed class FieldCleansingRule
{
    /// <summary>Gets or sets whether leading and trailing white space is removed (<see cref="FieldRules.Trim"/>).</summary>
    /// <value>The default value is <see langword="false"/>.</value>
    public bool Trim { get; set; }

    /// <summary>Gets or sets whether the text is cleaned (<see cref="FieldRules.CleanText"/>: trimmed, invisible characters
    /// removed, full-width ASCII made ASCII, white space collapsed, Unicode form C).</summary>
    /// <value>The default value is <see langword="false"/>.</value>
    public bool CleanText { get; set; }

    /// <summary>Gets or sets the value of a missing, empty or blank field (<see cref="FieldRules.Default"/>).</summary>
    /// <value>The default value is <see langword="null"/>: no default.</value>
    public string? Default { get; set; }

    /// <summary>Gets or sets whether a missing, empty or blank field is an error (<see cref="FieldRules.Required"/>).</summary>
    /// <value>The default value is <see langword="false"/>.</value>
    public bool Required { get; set; }

    /// <summary>Gets or sets the normalizer the value runs through.</summary>
    /// <value>The default value is <see cref="FieldNormalization.None"/>.</value>
    public FieldNormalization Normalize { get; set; }

    /// <summary>Gets or sets the greatest length the target accepts; longer values are truncated (<see cref="FieldRules.Truncate"/>).</summary>
    /// <value>The default value is <see langword="null"/>: no limit. At least 1 when set.</value>
    public int? MaxLength { get; set; }
}
