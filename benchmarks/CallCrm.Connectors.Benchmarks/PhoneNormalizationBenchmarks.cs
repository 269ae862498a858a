using System.Globalization;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using CallCrm.Connectors.Normalization;
using PhoneNumbers;

namespace CallCrm.Connectors.Benchmarks;

/// <summary>
/// <see cref="PhoneNumberNormalizer"/> against calling libphonenumber directly, for numbers seen for the first time
/// (every call misses the cache) and for numbers seen again (the same agents and customers call all day).
/// </summary>
/// <remarks>
/// Each invocation handles a batch of <see cref="Batch"/> numbers, so that the per-number figures are not dominated
/// by the harness. The first-sight set holds far more unique numbers than the cache can keep and is walked in a
/// loop, so every lookup misses and every insert evicts: the steady state of a cache that is too small.
/// </remarks>
[MemoryDiagnoser]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
[CategoriesColumn]
public class PhoneNormalizationBenchmarks
{
    private const int Batch = 64;
    private const int UniqueNumbers = 200_000;
    private const string Region = "CN";

    private static readonly PhoneNumberUtil Util = PhoneNumberUtil.GetInstance();

    private string[] _unique = [];
    private string[] _repeated = [];
    private int _next;
    private PhoneNumberNormalizer _firstSightNormalizer = null!;
    private PhoneNumberNormalizer _repeatedNormalizer = null!;

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(42);
        // Only numbers libphonenumber calls valid, so that both sides do the same work and none throws.
        _unique = Enumerable.Range(0, UniqueNumbers)
            .Select(i => MakeNumber(random, i))
            .Distinct()
            .Where(n => Util.IsValidNumber(Util.Parse(n, Region)))
            .ToArray();
        _repeated = _unique.Take(Batch).ToArray();

        // The default capacity (10,000) against 200,000 unique numbers: nothing is ever found in the cache.
        _firstSightNormalizer = new PhoneNumberNormalizer(new PhoneNumberNormalizerOptions { DefaultRegion = Region });
        _repeatedNormalizer = new PhoneNumberNormalizer(new PhoneNumberNormalizerOptions { DefaultRegion = Region });
        foreach (var number in _repeated)
        {
            _repeatedNormalizer.Normalize(number);
        }
    }

    [BenchmarkCategory("FirstSight"), Benchmark(Baseline = true, OperationsPerInvoke = Batch)]
    public int LibPhoneNumber_ParseFormat_FirstSight()
    {
        var total = 0;
        for (var i = 0; i < Batch; i++)
        {
            total += ParseAndFormat(NextUnique()).Length;
        }

        return total;
    }

    [BenchmarkCategory("FirstSight"), Benchmark(OperationsPerInvoke = Batch)]
    public int LibPhoneNumber_ParseValidateFormat_FirstSight()
    {
        var total = 0;
        for (var i = 0; i < Batch; i++)
        {
            total += ParseValidateAndFormat(NextUnique()).Length;
        }

        return total;
    }

    [BenchmarkCategory("FirstSight"), Benchmark(OperationsPerInvoke = Batch)]
    public int Normalizer_FirstSight()
    {
        var total = 0;
        for (var i = 0; i < Batch; i++)
        {
            total += _firstSightNormalizer.Normalize(NextUnique()).E164!.Length;
        }

        return total;
    }

    [BenchmarkCategory("Repeated"), Benchmark(Baseline = true, OperationsPerInvoke = Batch)]
    public int LibPhoneNumber_ParseFormat_Repeated()
    {
        var total = 0;
        foreach (var number in _repeated)
        {
            total += ParseAndFormat(number).Length;
        }

        return total;
    }

    [BenchmarkCategory("Repeated"), Benchmark(OperationsPerInvoke = Batch)]
    public int Normalizer_Repeated()
    {
        var total = 0;
        foreach (var number in _repeated)
        {
            total += _repeatedNormalizer.Normalize(number).E164!.Length;
        }

        return total;
    }

    private static string ParseAndFormat(string raw) => Util.Format(Util.Parse(raw, Region), PhoneNumberFormat.E164);

    private static string ParseValidateAndFormat(string raw)
    {
        var number = Util.Parse(raw, Region);
        return Util.IsValidNumber(number) ? Util.Format(number, PhoneNumberFormat.E164) : string.Empty;
    }

    private string NextUnique()
    {
        var number = _unique[_next];
        _next = _next + 1 == _unique.Length ? 0 : _next + 1;
        return number;
    }

    /// <summary>Valid numbers in the shapes a Chinese contact center sees most: mobiles in E.164 and national
    /// format, Beijing and Shenzhen landlines, and some US and UK callers.</summary>
    private static string MakeNumber(Random random, int index)
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
