using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;
using PhoneNumbers;

namespace CallCrm.Connectors.Normalization;

/// <summary>
/// The written forms of one number that people type into a CRM's phone fields. Many CRMs (HubSpot among them) store phone
/// properties as typed and their search compares whole values, so a lookup by E.164 alone misses <c>(305) 555-0100</c>,
/// <c>030 1234 5678</c> or <c>+49 151 12345678</c>. A provider searches for all of these forms at once and then checks every hit
/// by normalizing its stored value with <see cref="PhoneNumberNormalizer"/>, so an over-broad form can never produce a false match.
/// </summary>
/// <remarks>Part of Core so that providers get the forms from the same phone-number metadata as the normalizer, without
/// referencing libphonenumber themselves. Thread-safe.</remarks>
public static class PhoneNumberWrittenForms
{
    private static readonly PhoneNumberUtil Util = PhoneNumberUtil.GetInstance();

    /// <summary>Gets the region of an E.164 number (for reading contact numbers typed without a country code).</summary>
    /// <param name="e164">The number in E.164 form, for example <c>+4930123456789</c>.</param>
    /// <returns>The ISO 3166-1 alpha-2 region (for example <c>DE</c>), or <see langword="null"/> when the number belongs to no single region or is not a number.</returns>
    public static string? RegionOf(string e164)
    {
        ArgumentNullException.ThrowIfNull(e164);
        try
        {
            var region = Util.GetRegionCodeForNumber(Util.Parse(e164, null));
            return region is null or "ZZ" or "001" ? null : region;
        }
        catch (NumberParseException)
        {
            return null;
        }
    }

    /// <summary>Gets the distinct written forms of <paramref name="e164"/>: E.164 first, then international and national
    /// forms with the usual groupings (area code split as the numbering plan says and at 2 and 3 digits).</summary>
    /// <param name="e164">The number in E.164 form.</param>
    /// <returns>The forms; only <paramref name="e164"/> itself when it cannot be parsed.</returns>
    public static IReadOnlyList<string> For(string e164)
    {
        ArgumentNullException.ThrowIfNull(e164);
        var forms = new List<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        void Add(string value)
        {
            if (seen.Add(value))
            {
                forms.Add(value);
            }
        }

        Add(e164);
        PhoneNumbers.PhoneNumber number;
        try
        {
            number = Util.Parse(e164, null);
        }
        catch (NumberParseException)
        {
            return forms;
        }

        var cc = number.CountryCode.ToString(CultureInfo.InvariantCulture);
        var nsn = Util.GetNationalSignificantNumber(number);
        var region = Util.GetRegionCodeForNumber(number);
        var trunk = region is null ? string.Empty : Util.GetNddPrefixForRegion(region, stripNonDigits: true) ?? string.Empty;
        var nanp = number.CountryCode == 1;

        Add(cc + nsn);
        Add("00" + cc + nsn);
        Add(trunk + nsn);
        Add(nsn);
        Add(Util.Format(number, PhoneNumberFormat.INTERNATIONAL));
        Add(Util.Format(number, PhoneNumberFormat.NATIONAL));

        // The area code as libphonenumber knows it, and the common 2- and 3-digit splits people use when unsure.
        var splits = new SortedSet<int> { Util.GetLengthOfNationalDestinationCode(number), 2, 3 };
        foreach (var split in splits)
        {
            if (split <= 0 || split >= nsn.Length - 3)
            {
                continue;
            }

            var area = nsn[..split];
            var subscriber = nsn[split..];
            var grouped = GroupByFours(subscriber);
            Add($"+{cc} {area} {grouped}");
            Add($"{trunk}{area} {grouped}");
            // The subscriber part typed in one block (+49 151 12345678, 030 12345678, 0151/12345678).
            Add($"+{cc} {area} {subscriber}");
            Add($"{trunk}{area} {subscriber}");
            Add($"{trunk}{area}/{subscriber}");
            Add($"+{cc}-{area}-{subscriber}");
            Add($"00{cc} {area} {grouped}");
            if (nanp && subscriber.Length == 7)
            {
                Add($"({area}) {subscriber[..3]}-{subscriber[3..]}");
                Add($"{area}-{subscriber[..3]}-{subscriber[3..]}");
                Add($"1.{area}.{subscriber[..3]}.{subscriber[3..]}");
                Add($"+1 ({area}) {subscriber[..3]}-{subscriber[3..]}");
            }
            else if (trunk.Length > 0)
            {
                Add($"+{cc} ({trunk}){area} {grouped}");
            }
        }

        return forms;
    }

    private static string GroupByFours(string digits)
    {
        var builder = new StringBuilder(digits.Length + (digits.Length / 4));
        for (var i = 0; i < digits.Length; i++)
        {
            if (i > 0 && (digits.Length - i) % 4 == 0)
            {
                builder.Append(' ');
            }

            builder.Append(digits[i]);
        }

        return builder.ToString();
    }
}
