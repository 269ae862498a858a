using System.Diagnostics;
using CallCrm.Connectors.Normalization;
using PhoneNumbers;

namespace CallCrm.Connectors.Benchmarks;

/// <summary>
/// A best-of-N Stopwatch comparison of first-sight phone normalization against its libphonenumber building blocks,
/// for a shared, noisy machine where BenchmarkDotNet's means swing with other people's builds: the fastest of N
/// passes is the one least disturbed. Run with <c>--stopwatch-phone [passes]</c>.
/// </summary>
internal static class PhoneNormalizationStopwatch
{
    private static readonly PhoneNumberUtil Util = PhoneNumberUtil.GetInstance();

    public static void Run(int passes)
    {
        var numbers = PhoneNumberSamples.ValidUnique(60_000);
        var region = PhoneNumberSamples.Region;
        var uncached = new PhoneNumberNormalizer(new PhoneNumberNormalizerOptions { DefaultRegion = region, CacheCapacity = 0 });
        var cached = new PhoneNumberNormalizer(new PhoneNumberNormalizerOptions { DefaultRegion = region });

        var cases = new (string Name, Func<string, int> Body)[]
        {
            ("Parse", raw => (int)Util.Parse(raw, region).NationalNumber),
            ("Parse+Format (baseline)", raw => Util.Format(Util.Parse(raw, region), PhoneNumberFormat.E164).Length),
            ("Parse+IsValid+Format", raw =>
            {
                var n = Util.Parse(raw, region);
                return Util.IsValidNumber(n) ? Util.Format(n, PhoneNumberFormat.E164).Length : 0;
            }),
            ("Parse+GetNumberType+Format", raw =>
            {
                var n = Util.Parse(raw, region);
                return Util.GetNumberType(n) != PhoneNumberType.UNKNOWN ? Util.Format(n, PhoneNumberFormat.E164).Length : 0;
            }),
            ("Parse+GetNumberType+GetRegionCode+Format", raw =>
            {
                var n = Util.Parse(raw, region);
                return Util.GetNumberType(n) != PhoneNumberType.UNKNOWN
                    ? Util.Format(n, PhoneNumberFormat.E164).Length + Util.GetRegionCodeForNumber(n).Length
                    : 0;
            }),
            ("Normalizer, no cache", raw => uncached.Normalize(raw).E164!.Length),
            ("Normalizer, first sight (default cache)", raw => cached.Normalize(raw).E164!.Length),
        };

        var best = new double[cases.Length];
        Array.Fill(best, double.MaxValue);
        var sink = 0L;
        for (var pass = 0; pass < passes; pass++)
        {
            for (var c = 0; c < cases.Length; c++)
            {
                var body = cases[c].Body;
                var watch = Stopwatch.StartNew();
                foreach (var number in numbers)
                {
                    sink += body(number);
                }

                best[c] = Math.Min(best[c], watch.Elapsed.TotalNanoseconds / numbers.Length);
            }
        }

        Console.WriteLine($"Best of {passes} passes over {numbers.Length:N0} valid numbers, default region {region} (checksum {sink}):");
        for (var c = 0; c < cases.Length; c++)
        {
            Console.WriteLine($"  {cases[c].Name,-44} {best[c],8:N0} ns   {best[c] / best[1],5:N2}x baseline   {best[c] / best[2],5:N2}x Parse+IsValid+Format");
        }
    }
}
