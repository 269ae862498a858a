namespace CallCrm.Connectors.Normalization;

/// <summary>Options of a <see cref="TextCleaner"/>.</summary>
/// <remarks>
/// Trimming, Unicode normalization form C and removal of invisible formatting characters are always done:
/// they never change what a person reads, only what a computer compares. The options cover the steps that can.
/// </remarks>
public sealed class TextCleanerOptions
{
    /// <summary>Gets or sets whether each run of white space inside the text becomes one ASCII space.</summary>
    /// <value>The default value is <see langword="true"/>. When <see langword="false"/>, inner white space
    /// (line breaks in a note, for example) is kept as it is; leading and trailing white space is still trimmed.</value>
    public bool CollapseWhitespace { get; set; } = true;

    /// <summary>Gets or sets whether full-width ASCII forms (U+FF01 to U+FF5E) and the ideographic space (U+3000)
    /// become their ASCII equivalents.</summary>
    /// <value>The default value is <see langword="true"/>. Chinese, Japanese and Korean input methods often type
    /// <c>１２３＠ｅｘａｍｐｌｅ．ｃｏｍ</c> where <c>123@example.com</c> was meant.</value>
    public bool ConvertFullWidthToHalfWidth { get; set; } = true;

    /// <summary>Gets or sets whether the zero-width joiner (U+200D) and non-joiner (U+200C) are kept.</summary>
    /// <value>The default value is <see langword="false"/>: they are removed with the other invisible characters.
    /// Set it for free text in scripts that spell with them (Persian, the Indic scripts) or that holds emoji sequences.</value>
    public bool PreserveJoiners { get; set; }
}
