using System;
using System.Collections.Generic;
using Microsoft.Extensions.Options;
using NodaTime;
using NodaTime.TimeZones;

namespace CallCrm.Connectors.Normalization;

/// <summary>Validates <see cref="DateTimeNormalizerOptions"/>: the zone must be set and be an IANA time zone id.</summary>
/// <remarks>Register it with <c>services.AddOptions&lt;DateTimeNormalizerOptions&gt;().ValidateOnStart()</c> and
/// <c>services.AddSingleton&lt;IValidateOptions&lt;DateTimeNormalizerOptions&gt;, DateTimeNormalizerOptionsValidator&gt;()</c>
/// so that a wrong zone stops the host at start rather than misreading the first call.</remarks>
public sealed class DateTimeNormalizerOptionsValidator : IValidateOptions<DateTimeNormalizerOptions>
{
    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, DateTimeNormalizerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        string? failure = FindFailure(options);
        return failure is null ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failure);
    }

    /// <summary>Finds the zone the options name, or throws when they name none.</summary>
    /// <param name="options">The options.</param>
    /// <returns>The zone.</returns>
    /// <exception cref="OptionsValidationException">The options are not valid.</exception>
    internal static DateTimeZone ResolveZone(DateTimeNormalizerOptions options)
    {
        string? failure = FindFailure(options);
        if (failure is not null)
        {
            throw new OptionsValidationException(Options.DefaultName, typeof(DateTimeNormalizerOptions), [failure]);
        }

        return options.DefaultDateTimeZone ?? DateTimeZoneProviders.Tzdb[options.DefaultZone!];
    }

    private static string? FindFailure(DateTimeNormalizerOptions options)
    {
        string? id = options.DefaultZone;
        if (string.IsNullOrWhiteSpace(id))
        {
            return options.DefaultDateTimeZone is null
                ? ValidationText.Get("DateTime.ZoneRequired")
                : null;
        }

        if (DateTimeZoneProviders.Tzdb.GetZoneOrNull(id) is null)
        {
            return ValidationText.Format("DateTime.ZoneUnknown", id, DateTimeZoneProviders.Tzdb.VersionId, SuggestIanaId(id));
        }

        if (options.DefaultDateTimeZone is { } zone && !string.Equals(zone.Id, id, StringComparison.Ordinal))
        {
            return ValidationText.Format("DateTime.ZoneConflict", id, zone.Id);
        }

        return null;
    }

    // Windows ids ("China Standard Time") are the most common mistake on .NET: name the IANA id that was meant.
    private static string SuggestIanaId(string id)
    {
        IDictionary<string, string> windowsToIana = TzdbDateTimeZoneSource.Default.WindowsMapping.PrimaryMapping;
        return windowsToIana.TryGetValue(id, out string? iana)
            ? ValidationText.Format("DateTime.ZoneIsWindowsId", iana)
            : ValidationText.Get("DateTime.ZoneExamples");
    }
}
