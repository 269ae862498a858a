using CallCrm.Connectors.Normalization;
using CallCrm.Connectors.Normalization.Internal;

namespace CallCrm.Connectors.Core.Tests.Normalization.Internal;

[TestFixture]
public sealed class PhoneNumberResultCacheTests
{
    private static readonly PhoneNumberNormalizer Normalizer = new(new PhoneNumberNormalizerOptions { DefaultRegion = "CN", CacheCapacity = 0 });

    [Test]
    public void TryGet_KeysOnRawAndRegion()
    {
        var cache = new PhoneNumberResultCache(8);
        var result = Normalizer.Normalize("13800138000");

        cache.Add("13800138000", "CN", result);

        cache.TryGet("13800138000", "CN", out var hit).Should().BeTrue();
        hit.Should().BeSameAs(result);
        cache.TryGet("13800138000", "US", out _).Should().BeFalse();
        cache.TryGet("13800138001", "CN", out _).Should().BeFalse();
    }

    [Test]
    public void Add_WhenFull_EvictsAnEntryNotUsedSinceTheLastSweep()
    {
        var cache = new PhoneNumberResultCache(2);
        var result = Normalizer.Normalize("13800138000");
        cache.Add("a", "CN", result);
        cache.Add("b", "CN", result);
        cache.TryGet("a", "CN", out _).Should().BeTrue();

        cache.Add("c", "CN", result);

        cache.Count.Should().Be(2);
        cache.TryGet("a", "CN", out _).Should().BeTrue("'a' was used, so it gets a second chance");
        cache.TryGet("b", "CN", out _).Should().BeFalse("'b' was not used since it was added");
        cache.TryGet("c", "CN", out _).Should().BeTrue();
    }

    [Test]
    public void Add_WhenEveryEntryWasUsed_StillEvictsOne()
    {
        var cache = new PhoneNumberResultCache(3);
        var result = Normalizer.Normalize("13800138000");
        foreach (var key in new[] { "a", "b", "c" })
        {
            cache.Add(key, "CN", result);
            cache.TryGet(key, "CN", out _);
        }

        cache.Add("d", "CN", result);

        cache.Count.Should().Be(3);
        cache.TryGet("d", "CN", out _).Should().BeTrue();
    }

    [Test]
    public void Add_SameKeyTwice_KeepsOneEntry()
    {
        var cache = new PhoneNumberResultCache(4);
        var result = Normalizer.Normalize("13800138000");

        cache.Add("a", "CN", result);
        cache.Add("a", "CN", Normalizer.Normalize("13800138000"));

        cache.Count.Should().Be(1);
        cache.TryGet("a", "CN", out var hit).Should().BeTrue();
        hit.Should().BeSameAs(result);
    }

    [Test]
    public async Task AddAndTryGet_Concurrently_NeverExceedCapacity()
    {
        var cache = new PhoneNumberResultCache(32);
        var result = Normalizer.Normalize("13800138000");

        await Task.WhenAll(Enumerable.Range(0, 4).Select(worker => Task.Run(() =>
        {
            for (var i = 0; i < 20_000; i++)
            {
                var key = ((i * 31 + worker) % 100).ToString(System.Globalization.CultureInfo.InvariantCulture);
                if (!cache.TryGet(key, "CN", out _))
                {
                    cache.Add(key, "CN", result);
                }
            }
        })));

        cache.Count.Should().BeInRange(1, 32);
    }
}
