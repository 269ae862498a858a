using System;

namespace CallCrm.Connectors.VendorSimulator.Infrastructure;

/// <summary>A thread-safe seeded random source: the same seed and request order give the same fault decisions.</summary>
internal sealed class SeededRandom
{
    private readonly object gate = new();
    private Random random;

    public SeededRandom(int seed) => random = new Random(seed);

    public double NextDouble()
    {
        lock (gate)
        {
            return random.NextDouble();
        }
    }

    public int Next(int maxExclusive)
    {
        lock (gate)
        {
            return random.Next(maxExclusive);
        }
    }

    public void Reseed(int seed)
    {
        lock (gate)
        {
            random = new Random(seed);
        }
    }
}
