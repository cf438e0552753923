namespace PredictiveMaintenance.Models.Anomaly;

/// <summary>
/// SplitMix64 (Steele, Lea and Flood, "Fast splittable pseudorandom number generators", OOPSLA 2014): a tiny generator
/// whose output is fixed by its definition, so a seed gives the same models on every runtime and machine, and whose
/// streams for (seed, index) pairs are independent enough to give each tree its own.
/// </summary>
internal struct SplitMix64
{
    private ulong _state;

    public SplitMix64(ulong seed) => _state = seed;

    /// <summary>The generator of stream <paramref name="stream"/> of a seed: each tree gets one, whatever thread builds it.</summary>
    public static SplitMix64 ForStream(int seed, int stream)
    {
        var mixer = new SplitMix64(((ulong)(uint)seed << 32) ^ (uint)stream);
        return new SplitMix64(mixer.NextULong() ^ 0x9E3779B97F4A7C15UL);
    }

    public ulong NextULong()
    {
        ulong z = _state += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    /// <summary>A double uniform in [0, 1), from the top 53 bits.</summary>
    public double NextDouble() => (NextULong() >> 11) * (1.0 / (1UL << 53));

    /// <summary>An integer uniform in [0, <paramref name="bound"/>), by Lemire's multiply-and-reject.</summary>
    public int Next(int bound)
    {
        ulong range = (ulong)bound;
        ulong product = (NextULong() >> 32) * range;
        uint low = (uint)product;
        if (low < range)
        {
            uint threshold = (uint)((0x1_0000_0000UL - range) % range);
            while (low < threshold)
            {
                product = (NextULong() >> 32) * range;
                low = (uint)product;
            }
        }

        return (int)(product >> 32);
    }
}
