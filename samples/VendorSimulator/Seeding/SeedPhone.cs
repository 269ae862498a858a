using System;
using System.Text;

namespace CallCrm.Connectors.VendorSimulator.Seeding;

/// <summary>A generated phone number: its country, area code and subscriber digits, written in the ways people type them.</summary>
internal sealed record SeedPhone(SeedCountry Country, string Area, string Subscriber)
{
    public string E164 => "+" + Country.CallingCode + Area + Subscriber;

    /// <summary>The number as a CRM user might have typed it; <paramref name="style"/> picks one of six common forms.</summary>
    public string Written(int style)
    {
        var grouped = Group(Subscriber);
        var isNanp = Country.CallingCode == "1";
        return (style % 6) switch
        {
            0 => E164,
            1 => $"+{Country.CallingCode} {Area} {grouped}",
            2 => isNanp ? $"({Area}) {Subscriber[..3]}-{Subscriber[3..]}" : $"{Country.TrunkPrefix}{Area} {grouped}",
            3 => isNanp ? $"{Area}-{Subscriber[..3]}-{Subscriber[3..]}" : $"+{Country.CallingCode}-{Area}-{Subscriber}",
            4 => $"00{Country.CallingCode} {Area} {grouped}",
            _ => isNanp ? $"1.{Area}.{Subscriber[..3]}.{Subscriber[3..]}" : $"+{Country.CallingCode} ({Country.TrunkPrefix}){Area} {grouped}",
        };
    }

    private static string Group(string digits)
    {
        var builder = new StringBuilder();
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

    public static SeedPhone Generate(Random random, SeedCountry country)
    {
        var area = country.AreaCodes[random.Next(country.AreaCodes.Length)];
        var subscriber = new StringBuilder();
        // NANP exchange codes never start with 0 or 1; other plans just avoid a leading 0.
        subscriber.Append((char)('2' + random.Next(8)));
        for (var i = 1; i < country.SubscriberLength; i++)
        {
            subscriber.Append((char)('0' + random.Next(10)));
        }

        return new SeedPhone(country, area, subscriber.ToString());
    }
}

/// <summary>A country's numbering plan, enough to generate valid-looking numbers.</summary>
internal sealed record SeedCountry(string Iso, string CallingCode, string TrunkPrefix, string[] AreaCodes, int SubscriberLength)
{
    public static readonly SeedCountry[] All =
    [
        new("US", "1", "1", ["212", "305", "415", "617", "713"], 7),
        new("GB", "44", "0", ["20"], 8),
        new("DE", "49", "0", ["30", "89", "40"], 8),
        new("FR", "33", "0", ["1", "4", "6"], 8),
        new("JP", "81", "0", ["3", "6"], 8),
        new("CN", "86", "0", ["138", "139", "186"], 8),
        new("AU", "61", "0", ["2", "3"], 8),
        new("BR", "55", "0", ["11", "21"], 9),
        new("IN", "91", "0", ["98", "99"], 8),
        new("ZA", "27", "0", ["11", "21"], 7),
    ];
}
