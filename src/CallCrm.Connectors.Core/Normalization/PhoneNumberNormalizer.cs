using System;
using CallCrm.Connectors.Normalization.Internal;
using Microsoft.Extensions.Options;
using PhoneNumbers;
using LibPhoneNumber = PhoneNumbers.PhoneNumber;

namespace CallCrm.Connectors.Normalization;

/// <summary>Turns phone numbers as call systems and CRMs really send them into E.164, with libphonenumber.</summary>
/// <remarks>
/// <para>Understands national and international formats, <c>00</c> and <c>011</c> international prefixes, full-width
/// digits and signs, invisible characters, <c>tel:</c>, <c>sip:</c> and <c>sips:</c> URIs, caller-ID strings such as
/// <c>"Name" &lt;number&gt;</c>, extensions (<c>ext.</c>, <c>x</c>, <c>#</c>, <c>;ext=</c>, <c>转</c>, <c>分机</c>)
/// and withheld-caller markers (words such as <c>anonymous</c> or <c>restricted</c>, all-zero numbers, and the vendor
/// sentinel numbers a provider supplies through <see cref="PhoneNumberNormalizerOptions.AdditionalWithheldMarkers"/>).</para>
/// <para>Thread-safe; bad input never throws. Results for repeated (number, region) pairs come from a bounded cache
/// without allocating.</para>
/// </remarks>
public sealed class PhoneNumberNormalizer : IPhoneNumberNormalizer
{
    /// <summary>The longest raw value read; longer values are <see cref="PhoneNumberFailureReason.TooLong"/>
    /// (libphonenumber refuses them too) and are never cached.</summary>
    public const int MaxInputLength = 250;

    private static readonly PhoneNumberUtil Util = PhoneNumberUtil.GetInstance();
    private static readonly PhoneNumberResult EmptyNull = PhoneNumberResult.Empty(null);
    private static readonly PhoneNumberResult EmptyString = PhoneNumberResult.Empty(string.Empty);

    /// <summary>The region of each country calling code that belongs to exactly one region (<c>001</c> for
    /// non-geographic codes), indexed by calling code; <see langword="null"/> for codes shared by several regions
    /// (<c>+1</c>, <c>+44</c>, <c>+7</c>...) and for unassigned codes.</summary>
    private static readonly string?[] SingleRegionByCallingCode = BuildSingleRegionTable();

    private readonly string _defaultRegion;
    private readonly PhoneNumberResultCache? _cache;
    private readonly PhoneWithheldMarkers _markers;

    /// <summary>Initializes a new instance of the <see cref="PhoneNumberNormalizer"/> class from options, as
    /// dependency injection builds it.</summary>
    /// <param name="options">The options.</param>
    /// <exception cref="OptionsValidationException">The options are not valid (for example an unknown region).</exception>
    public PhoneNumberNormalizer(IOptions<PhoneNumberNormalizerOptions> options)
        : this((options ?? throw new ArgumentNullException(nameof(options))).Value)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="PhoneNumberNormalizer"/> class.</summary>
    /// <param name="options">The options.</param>
    /// <exception cref="OptionsValidationException">The options are not valid (for example an unknown region).</exception>
    public PhoneNumberNormalizer(PhoneNumberNormalizerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var validation = new PhoneNumberNormalizerOptionsValidator().Validate(Options.DefaultName, options);
        if (validation.Failed)
        {
            throw new OptionsValidationException(Options.DefaultName, typeof(PhoneNumberNormalizerOptions), validation.Failures);
        }

        _defaultRegion = options.DefaultRegion.Trim().ToUpperInvariant();
        _cache = options.CacheCapacity > 0 ? new PhoneNumberResultCache(options.CacheCapacity) : null;
        _markers = PhoneWithheldMarkers.Create(options.AdditionalWithheldMarkers);
    }

    /// <summary>Gets the region national numbers are read in when no region is passed (upper case).</summary>
    public string DefaultRegion => _defaultRegion;

    /// <summary>Gets the number of results the cache holds now.</summary>
    public int CachedCount => _cache?.Count ?? 0;

    /// <inheritdoc />
    public PhoneNumberResult Normalize(string? raw, string? region = null)
    {
        if (string.IsNullOrEmpty(raw))
        {
            return raw is null ? EmptyNull : EmptyString;
        }

        var key = new PhoneNumberCacheKey(raw, region ?? _defaultRegion);
        if (_cache is not null && _cache.TryGet(key, out var cached))
        {
            return cached;
        }

        if (raw.Length > MaxInputLength)
        {
            return PhoneNumberResult.Invalid(raw, PhoneNumberFailureReason.TooLong);
        }

        string parseRegion;
        if (region is null)
        {
            parseRegion = _defaultRegion;
        }
        else
        {
            parseRegion = region.Trim().ToUpperInvariant();
            if (!PhoneNumberNormalizerOptionsValidator.IsSupportedRegion(parseRegion))
            {
                // Not cached: a wrong region is the caller's slip, and must not fill the cache with noise.
                return PhoneNumberResult.Invalid(raw, PhoneNumberFailureReason.UnknownRegion);
            }
        }

        var result = NormalizeCore(raw, parseRegion);
        _cache?.Admit(key, result);
        return result;
    }

    private PhoneNumberResult NormalizeCore(string raw, string region)
    {
        var input = PhoneInputCleaner.Clean(raw, _markers);
        switch (input.Kind)
        {
            case PhoneInputKind.Empty:
                return PhoneNumberResult.Empty(raw);
            case PhoneInputKind.Withheld:
                return PhoneNumberResult.Anonymous(raw);
            case PhoneInputKind.ContainsLetters:
                return PhoneNumberResult.Invalid(raw, PhoneNumberFailureReason.ContainsLetters);
            case PhoneInputKind.NotANumber:
                return PhoneNumberResult.Invalid(raw, PhoneNumberFailureReason.NotANumber);
        }

        var parsed = TryParse(input.Number, region, out var reason);
        var lineType = parsed is null ? PhoneNumberType.UNKNOWN : Util.GetNumberType(parsed);

        // "00" and "011" are the international prefixes of most of the world and of North America. libphonenumber
        // only knows the default region's own prefix, so a CRM in China holding "011 44 ..." (typed by a US agent)
        // or a US system holding "0044 ..." would fail. Try them as "+" only when the region's own reading is not
        // valid, because "011" is also a national prefix elsewhere (Leeds is 0113 in the UK).
        if (lineType == PhoneNumberType.UNKNOWN && TryInternationalPrefix(input.Number, out var international))
        {
            var retried = TryParse(international, region, out _);
            var retriedType = retried is null ? PhoneNumberType.UNKNOWN : Util.GetNumberType(retried);
            if (retriedType != PhoneNumberType.UNKNOWN)
            {
                parsed = retried;
                lineType = retriedType;
            }
        }

        if (parsed is null)
        {
            return PhoneNumberResult.Invalid(raw, reason, input.Extension);
        }

        var extension = input.Extension ?? (parsed.HasExtension && parsed.Extension.Length > 0 ? parsed.Extension : null);

        // A number type other than UNKNOWN is exactly libphonenumber's definition of a valid number (IsValidNumber
        // compares the same type patterns); asking for the type alone saves matching the patterns twice.
        if (lineType == PhoneNumberType.UNKNOWN)
        {
            return PhoneNumberResult.Invalid(raw, ReasonForInvalid(parsed), extension);
        }

        return PhoneNumberResult.Valid(
            raw,
            Util.Format(parsed, PhoneNumberFormat.E164),
            extension,
            RegionOf(parsed),
            parsed.CountryCode,
            MapLineType(lineType));
    }

    /// <summary>Gets the region of a valid number, as <see cref="PhoneNumberUtil.GetRegionCodeForNumber"/> does.</summary>
    /// <remarks>For a calling code of one region (most of them, China's included), libphonenumber returns that
    /// region; the table answers without the lookup. A shared calling code needs libphonenumber's own walk over its
    /// regions (leading digits, then the full number-type patterns). A shortcut such as "valid for the default
    /// region, so it is the default region" would disagree with it: a North American toll-free number is valid for
    /// Canada and every Caribbean region too, yet libphonenumber (and so this normalizer) calls it <c>US</c>.</remarks>
    private static string? RegionOf(LibPhoneNumber parsed)
    {
        var callingCode = parsed.CountryCode;
        return (uint)callingCode < (uint)SingleRegionByCallingCode.Length
            ? SingleRegionByCallingCode[callingCode] ?? Util.GetRegionCodeForNumber(parsed)
            : Util.GetRegionCodeForNumber(parsed);
    }

    private static string?[] BuildSingleRegionTable()
    {
        // Calling codes have one to three digits.
        var table = new string?[1000];
        foreach (var callingCode in Util.GetSupportedCallingCodes())
        {
            var regions = Util.GetRegionCodesForCountryCode(callingCode);
            if (regions.Count == 1 && callingCode < table.Length)
            {
                table[callingCode] = regions[0];
            }
        }

        return table;
    }

    private static LibPhoneNumber? TryParse(string number, string region, out PhoneNumberFailureReason reason)
    {
        try
        {
            reason = PhoneNumberFailureReason.None;
            return Util.Parse(number, region);
        }
        catch (NumberParseException exception)
        {
            reason = exception.ErrorType switch
            {
                ErrorType.INVALID_COUNTRY_CODE => PhoneNumberFailureReason.InvalidCountryCode,
                ErrorType.TOO_SHORT_AFTER_IDD or ErrorType.TOO_SHORT_NSN => PhoneNumberFailureReason.TooShort,
                ErrorType.TOO_LONG => PhoneNumberFailureReason.TooLong,
                _ => PhoneNumberFailureReason.NotANumber,
            };
            return null;
        }
    }

    private static bool TryInternationalPrefix(string number, out string international)
    {
        var trimmed = number.AsSpan().TrimStart(" (");
        var prefix = trimmed.StartsWith("011", StringComparison.Ordinal) ? 3
            : trimmed.StartsWith("00", StringComparison.Ordinal) && !trimmed.StartsWith("000", StringComparison.Ordinal) ? 2
            : 0;
        international = prefix == 0 ? string.Empty : string.Concat("+", trimmed[prefix..]);
        return prefix > 0;
    }

    private static PhoneNumberFailureReason ReasonForInvalid(LibPhoneNumber parsed) =>
        Util.IsPossibleNumberWithReason(parsed) switch
        {
            PhoneNumberUtil.ValidationResult.TOO_SHORT or PhoneNumberUtil.ValidationResult.IS_POSSIBLE_LOCAL_ONLY
                => PhoneNumberFailureReason.TooShort,
            PhoneNumberUtil.ValidationResult.TOO_LONG => PhoneNumberFailureReason.TooLong,
            PhoneNumberUtil.ValidationResult.INVALID_LENGTH => PhoneNumberFailureReason.InvalidLength,
            PhoneNumberUtil.ValidationResult.INVALID_COUNTRY_CODE => PhoneNumberFailureReason.InvalidCountryCode,
            _ => PhoneNumberFailureReason.NotAssigned,
        };

    private static PhoneNumberLineType MapLineType(PhoneNumberType type) => type switch
    {
        PhoneNumberType.FIXED_LINE => PhoneNumberLineType.FixedLine,
        PhoneNumberType.MOBILE => PhoneNumberLineType.Mobile,
        PhoneNumberType.FIXED_LINE_OR_MOBILE => PhoneNumberLineType.FixedLineOrMobile,
        PhoneNumberType.TOLL_FREE => PhoneNumberLineType.TollFree,
        PhoneNumberType.PREMIUM_RATE => PhoneNumberLineType.PremiumRate,
        PhoneNumberType.SHARED_COST => PhoneNumberLineType.SharedCost,
        PhoneNumberType.VOIP => PhoneNumberLineType.Voip,
        PhoneNumberType.PERSONAL_NUMBER => PhoneNumberLineType.PersonalNumber,
        PhoneNumberType.PAGER => PhoneNumberLineType.Pager,
        PhoneNumberType.UAN => PhoneNumberLineType.UniversalAccessNumber,
        PhoneNumberType.VOICEMAIL => PhoneNumberLineType.Voicemail,
        _ => PhoneNumberLineType.Unknown,
    };
}
