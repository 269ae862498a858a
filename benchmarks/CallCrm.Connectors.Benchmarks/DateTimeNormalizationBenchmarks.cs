using System.Globalization;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using CallCrm.Connectors.Normalization;
using NodaTime;

namespace CallCrm.Connectors.Benchmarks;

/// <summary>
/// <see cref="DateTimeNormalizer"/> on the forms call systems send most, each against the BCL call that parses
/// that one form when the format is known in advance (the baseline): the normalizer does not know the format, cleans
/// the text, and lets NodaTime decide which dates and offsets exist.
/// </summary>
[MemoryDiagnoser]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
[CategoriesColumn]
public class DateTimeNormalizationBenchmarks
{
    private const string IsoWithOffset = "2026-11-23T14:05:00.250+08:00";
    private const string Rfc1123 = "Tue, 24 Nov 2026 14:05:00 GMT";
    private const string Chinese = "2026年11月23日 14:05";
    private const string UnixMilliseconds = "1795529100250";

    private readonly DateTimeNormalizer _normalizer = new(new DateTimeNormalizerOptions { DefaultZone = "Asia/Shanghai" });

    [BenchmarkCategory("IsoOffset"), Benchmark(Baseline = true)]
    public DateTimeOffset IsoOffset_Bcl() =>
        DateTimeOffset.ParseExact(IsoWithOffset, "yyyy-MM-dd'T'HH:mm:ss.FFFzzz", CultureInfo.InvariantCulture);

    [BenchmarkCategory("IsoOffset"), Benchmark]
    public Instant IsoOffset_Normalizer() => _normalizer.Normalize(IsoWithOffset).Instant;

    [BenchmarkCategory("Rfc1123"), Benchmark(Baseline = true)]
    public DateTimeOffset Rfc1123_Bcl() => DateTimeOffset.ParseExact(Rfc1123, "r", CultureInfo.InvariantCulture);

    [BenchmarkCategory("Rfc1123"), Benchmark]
    public Instant Rfc1123_Normalizer() => _normalizer.Normalize(Rfc1123).Instant;

    [BenchmarkCategory("Chinese"), Benchmark(Baseline = true)]
    public DateTime Chinese_Bcl() => DateTime.ParseExact(Chinese, "yyyy年MM月dd日 HH:mm", CultureInfo.InvariantCulture);

    [BenchmarkCategory("Chinese"), Benchmark]
    public Instant Chinese_Normalizer() => _normalizer.Normalize(Chinese).Instant;

    [BenchmarkCategory("UnixMs"), Benchmark(Baseline = true)]
    public DateTimeOffset UnixMs_Bcl() =>
        DateTimeOffset.FromUnixTimeMilliseconds(long.Parse(UnixMilliseconds, CultureInfo.InvariantCulture));

    [BenchmarkCategory("UnixMs"), Benchmark]
    public Instant UnixMs_Normalizer() => _normalizer.Normalize(UnixMilliseconds).Instant;
}
