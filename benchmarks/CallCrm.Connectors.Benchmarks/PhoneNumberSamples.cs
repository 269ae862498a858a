using System.Globalization;
using PhoneNumbers;

namespace CallCrm.Connectors.Benchmarks;

/// <summary>The phone numbers the phone benchmarks and the Stopwatch harness share.</summary>
internal static class PhoneNumberSamples
{
    public const string Region = "CN";

    /// <summary>Builds <paramref name="count"/> candidates and keeps the distinct ones libphonenumber calls valid,
    /// so that every side of a comparison does the same work and none throws.</summary>
    public static string[] ValidUnique(int count, int seed = 42)
    {
        var util = PhoneNumberUtil.GetInstance();
        var random = new Random(seed);
        return Enumerable.Range(0, count)
            .Select(i => MakeNumber(random, i))
            .Distinct()
            .Where(n => util.IsValidNumber(util.Parse(n, Region)))
            .ToArray();
    }

    /// <summary>Valid numbers in the shapes a Chinese contact center sees most: mobiles in E.164 and national
    /// format, Beijing and Shenzhen landlines, and some US and UK callers.</summary>
    public static string MakeNumber(Random random, int index)
    {
        var c = CultureInfo.InvariantCulture;
        return (index % 6) switch
        {
            0 => string.Create(c, $"+86138{random.Next(0, 100_000_000):D8}"),
            1 => string.Create(c, $"139 {random.Next(0, 10_000):D4} {random.Next(0, 10_000):D4}"),
            2 => string.Create(c, $"010-{random.Next(6_000_000, 9_000_000) * 10 + random.Next(10)}"),
            3 => string.Create(c, $"(0755) {random.Next(2_000, 9_000)} {random.Next(0, 10_000):D4}"),
            4 => string.Create(c, $"+1 201 {random.Next(200, 1000)} {random.Next(0, 10_000):D4}"),
            _ => string.Create(c, $"+44 7400 {random.Next(0, 1_000_000):D6}"),
        };
    }
}
