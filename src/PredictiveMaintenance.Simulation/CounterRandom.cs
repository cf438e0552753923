using System.Runtime.CompilerServices;

namespace PredictiveMaintenance.Simulation;

/// <summary>
/// Counter-based random numbers: every draw is a hash of (seed, asset, reading, stream), so a value does not depend
/// on how many draws came before it. That is what makes the output independent of batch sizes and of the order in
/// which assets are generated.
/// </summary>
internal readonly struct CounterRandom
{
    private const double UnitScale = 1.0 / (1UL << 53);
    private readonly ulong _seed;

    public CounterRandom(long seed) => _seed = Mix(unchecked((ulong)seed) ^ 0x6A09E667F3BCC909UL);

    /// <summary>64 random bits for one draw.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ulong Bits(int asset, long reading, int stream)
    {
        ulong h = Mix(_seed ^ unchecked((ulong)asset * 0x9E3779B97F4A7C15UL));
        return Mix(h ^ unchecked(((ulong)reading * 0xD1B54A32D192ED03UL) + ((ulong)stream * 0xABC98388FB8FAC03UL)));
    }

    /// <summary>A uniform double in [0, 1).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public double Uniform(int asset, long reading, int stream) => (Bits(asset, reading, stream) >> 11) * UnitScale;

    /// <summary>Two independent standard normals (Box-Muller on the two halves of one 64-bit draw would be too coarse, so two draws).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public (double, double) NormalPair(int asset, long reading, int stream)
    {
        double u = 1.0 - Uniform(asset, reading, stream);
        double v = Uniform(asset, reading, stream + 1);
        double radius = Math.Sqrt(-2.0 * Math.Log(u));
        (double sin, double cos) = Math.SinCos(2.0 * Math.PI * v);
        return (radius * cos, radius * sin);
    }

    /// <summary>The SplitMix64 finalizer: a bijection on 64 bits with full avalanche.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong Mix(ulong z)
    {
        z = unchecked((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL);
        z = unchecked((z ^ (z >> 27)) * 0x94D049BB133111EBUL);
        return z ^ (z >> 31);
    }
}
