namespace CallCrm.Connectors.Normalization;

/// <summary>Turns phone numbers as call systems and CRMs send them into E.164.</summary>
/// <remarks>Implementations are thread-safe and never throw for bad input: they return a
/// <see cref="PhoneNumberResult"/> that says what is wrong.</remarks>
public interface IPhoneNumberNormalizer
{
    /// <summary>Normalizes a raw phone number.</summary>
    /// <param name="raw">The number as the source sent it: national or international format, a <c>tel:</c> or
    /// <c>sip:</c> URI, a caller-ID string, with or without an extension; may be <see langword="null"/>.</param>
    /// <param name="region">The ISO 3166-1 alpha-2 region to read national numbers in (for example the contact's
    /// country), or <see langword="null"/> for the configured default region.</param>
    /// <returns>The result; never <see langword="null"/>.</returns>
    PhoneNumberResult Normalize(string? raw, string? region = null);
}
