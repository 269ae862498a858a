using NodaTime;

namespace CallCrm.Connectors.Normalization;

/// <summary>Options of a <see cref="DateTimeNormalizer"/>.</summary>
/// <remarks>Validated by <see cref="DateTimeNormalizerOptionsValidator"/>: the time zone must be set, and must be known
/// to the IANA time zone database (<see cref="DateTimeZoneProviders.Tzdb"/>).</remarks>
public sealed class DateTimeNormalizerOptions
{
    /// <summary>Gets or sets the IANA id of the time zone in which local times (without a UTC offset) and dates are read,
    /// for example <c>Asia/Shanghai</c> or <c>America/New_York</c>.</summary>
    /// <value>The default value is <see langword="null"/>: a zone must be chosen, because reading a call system's local
    /// times in the wrong zone shifts every call silently. Use <c>Etc/UTC</c> when the source sends UTC.</value>
    public string? DefaultZone { get; set; }

    /// <summary>Gets or sets the time zone in which local times and dates are read, as a NodaTime zone; when set it is
    /// used instead of <see cref="DefaultZone"/>.</summary>
    /// <value>The default value is <see langword="null"/>. When both are set they must name the same zone.</value>
    public DateTimeZone? DefaultDateTimeZone { get; set; }

    /// <summary>Gets or sets whether a bare number is read as a Unix timestamp (seconds or milliseconds by magnitude;
    /// see <see cref="DateTimeNormalizer"/>).</summary>
    /// <value>The default value is <see langword="true"/>.</value>
    public bool AcceptUnixTimestamps { get; set; } = true;
}
