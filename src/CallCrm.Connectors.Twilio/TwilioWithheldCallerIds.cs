using System.Collections.Generic;

namespace CallCrm.Connectors.Twilio;

/// <summary>The numbers Twilio sends in <c>From</c> for a caller who withheld their number.</summary>
/// <remarks>
/// Twilio historically turned the withheld-caller words into keypad digits (A-B-C = 2, D-E-F = 3, ...), so these spell
/// ANONYMOUS, RESTRICTED, UNKNOWN, BLOCKED and UNAVAILABLE. The Twilio call source already reads them as withheld; add them to
/// any other normalizer that sees Twilio's numbers (the engine's phone transform, screen-pop) through
/// <c>PhoneNumberNormalizerOptions.AdditionalWithheldMarkers</c>.
/// </remarks>
/// <example>
/// <code>
/// var options = new PhoneNumberNormalizerOptions { DefaultRegion = "US" };
/// foreach (var marker in TwilioWithheldCallerIds.Markers)
/// {
///     options.AdditionalWithheldMarkers.Add(marker);
/// }
/// </code>
/// </example>
public static class TwilioWithheldCallerIds
{
    /// <summary>Gets the sentinel numbers, each with its leading <c>+</c> (recognised only with it: bare digits may be a real number).</summary>
    public static IReadOnlyList<string> Markers { get; } = ["+266696687", "+7378742833", "+8656696", "+2562533", "+86282452253"];
}
