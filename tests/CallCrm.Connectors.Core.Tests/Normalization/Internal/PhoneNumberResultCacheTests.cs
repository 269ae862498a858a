using CallCrm.Connectors.Normalization;
using CallCrm.Connectors.Normalization.Internal;

namespace CallCrm.Connectors.Core.Tests.Normalization.Internal;

[TestFixture]
public sealed class PhoneNumberResultCacheTests
{
    private static readonly PhoneNumberNormalizer Normalizer = new(new PhoneNumberNormalizerOptions { DefaultRegion = "CN", CacheCapacity = 0 });

    private static PhoneNumberCacheKey K(string raw, string region) => new(raw, region);

    [Test]
    public void Admit_FirstSighting_OnlyRemembersTheKey_SecondSightingCaches()
    {
        var cache = new PhoneNumberResultCache(8);
        var result = Normalizer.Normalize("13800138000");

        cache.Admit(K("13800138000", "CN"), result);
        cache.TryGet(K("13800138000", "CN"), out _).Should().BeFalse("a number seen once is not cached");
        cache.Admit(K("13800138000", "US"), result);
        cache.TryGet(K("13800138000", "US"), out _).Should().BeFalse("the region is part of the key");

        cache.Admit(K("13800138000", "CN"), result);

        cache.TryGet(K("13800138000", "CN"), out var hit).Should().BeTrue();
        hit.Should().BeSameAs(result);
        cache.Count.Should().Be(1);
    }

    [Test]
    public void TryGet_KeysOnRawAndRegion()
    {
        var cache = new PhoneNumberResultCache(8);
        var result = Normalizer.Normalize("13800138000");

        cache.Add(K("13800138000", "CN"), result);

        cache.TryGet(K("13800138000", "CN"), out var hit).Should().BeTrue();
        hit.Should().BeSameAs(result);
        cache.TryGet(K("13800138000", "US"), out _).Should().BeFalse();
        cache.TryGet(K("13800138001", "CN"), out _).Should().BeFalse();
    }

    [Test]
    public void Add_WhenFull_EvictsAnEntryNotUsedSinceTheLastSweep()
    {
        var cache = new PhoneNumberResultCache(2);
        var result = Normalizer.Normalize("13800138000");
        cache.Add(K("a", "CN"), result);
        cache.Add(K("b", "CN"), result);
        cache.TryGet(K("a", "CN"), out _).Should().BeTrue();

        cache.Add(K("c", "CN"), result);

        cache.Count.Should().Be(2);
        cache.TryGet(K("a", "CN"), out _).Should().BeTrue("'a' was used, so it gets a second chance");
        cache.TryGet(K("b", "CN"), out _).Should().BeFalse("'b' was not used since it was added");
        cache.TryGet(K("c", "CN"), out _).Should().BeTrue();
    }

    [Test]
    public void Add_WhenEveryEntryWasUsed_StillEvictsOne()
    {
        var cache = new PhoneNumberResultCache(3);
        var result = Normalizer.Normalize("13800138000");
        foreach (var key in new[] { "a", "b", "c" })
        {
            cache.Add(K(key, "CN"), result);
            cache.TryGet(K(key, "CN"), out _);
        }

        cache.Add(K("d", "CN"), result);

        cache.Count.Should().Be(3);
        cache.TryGet(K("d", "CN"), out _).Should().BeTrue();
    }

    [Test]
    public void Add_SameKeyTwice_KeepsOneEntry()
    {
        var cache = new PhoneNumberResultCache(4);
        var result = Normalizer.Normalize("13800138000");

        cache.Add(K("a", "CN"), result);
        cache.Add(K("a", "CN"), Normalizer.Normalize("13800138000"));

        cache.Count.Should().Be(1);
        cache.TryGet(K("a", "CN"), out var hit).Should().BeTrue();
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
                if (!cache.TryGet(K(key, "CN"), out _))
                {
                    cache.Add(K(key, "CN"), result);
                }
            }
        })));

        cache.Count.Should().BeInRange(1, 32);
    }
}
