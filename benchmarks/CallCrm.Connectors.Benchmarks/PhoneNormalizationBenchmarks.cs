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
    private const string Region = PhoneNumberSamples.Region;

    private static readonly PhoneNumberUtil Util = PhoneNumberUtil.GetInstance();

    private string[] _unique = [];
    private string[] _repeated = [];
    private int _next;
    private PhoneNumberNormalizer _firstSightNormalizer = null!;
    private PhoneNumberNormalizer _repeatedNormalizer = null!;

    [GlobalSetup]
    public void Setup()
    {
        // Only numbers libphonenumber calls valid, so that both sides do the same work and none throws.
        _unique = PhoneNumberSamples.ValidUnique(UniqueNumbers);
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
}
