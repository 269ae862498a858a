using System;
using System.Globalization;
using System.Resources;

namespace CallCrm.Connectors.ScreenPop;

/// <summary>Builds the agent-facing messages of cards from <c>ScreenPopMessages.resx</c> and its translations.</summary>
internal static class ScreenPopText
{
    private static readonly ResourceManager Resources = new("CallCrm.Connectors.ScreenPop.ScreenPopMessages", typeof(ScreenPopText).Assembly);

    public static string? Describe(ScreenPopCard card, CultureInfo culture)
    {
        var crm = string.IsNullOrWhiteSpace(card.CrmName) ? Get("System.Unnamed", culture) : card.CrmName;
        switch (card.Kind)
        {
            case ScreenPopCardKind.Withheld:
                return string.Format(culture, Get("Withheld", culture), crm);
            case ScreenPopCardKind.InvalidNumber:
                return Get("InvalidNumber", culture);
            case ScreenPopCardKind.Unavailable:
                // The SDK's error model already words outages well, in both languages.
                return card.Error?.GetUserMessage(culture);
        }

        if (card.IsStale && card.Error is not null && card.Age is { } age)
        {
            return string.Format(culture, Get("Stale", culture), crm, DescribeAge(age, culture));
        }

        return card.Kind switch
        {
            ScreenPopCardKind.NewCaller => string.Format(culture, Get("NewCaller", culture), crm),
            ScreenPopCardKind.Candidates => string.Format(culture, Get("Candidates", culture), crm, card.Matches.Count),
            _ => null,
        };
    }

    private static string DescribeAge(TimeSpan age, CultureInfo culture)
    {
        // Rounded down to whole units, so a card never looks older than it is.
        if (age < TimeSpan.FromMinutes(2))
        {
            return string.Format(culture, Get("Age.Seconds", culture), Math.Max(0, (long)age.TotalSeconds));
        }

        return age < TimeSpan.FromHours(2)
            ? string.Format(culture, Get("Age.Minutes", culture), (long)age.TotalMinutes)
            : string.Format(culture, Get("Age.Hours", culture), (long)age.TotalHours);
    }

    private static string Get(string key, CultureInfo culture) =>
        Resources.GetString(key, culture) ?? throw new MissingManifestResourceException($"Resource '{key}' is missing from ScreenPopMessages.");
}
