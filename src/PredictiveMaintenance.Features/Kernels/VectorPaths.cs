using System.Buffers;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace PredictiveMaintenance.Features;

/// <summary>
/// The fast paths for sum, mean, variance, standard deviation, min and max over row windows of series without NaN.
/// </summary>
/// <remarks>
/// Same blocks, shifts and operation order as <see cref="BlockEngine"/>, so results are identical; what changes is the
/// schedule. One scalar pass per block runs the prefix chain of the block and the suffix chain that the next block
/// needs side by side (independent dependency chains, so they overlap in the pipeline), and the combine-and-finish
/// step, which has no dependencies between rows, runs over <see cref="Vector256{T}"/> lanes with a scalar tail (for
/// sums the combine is a single add folded into the scan, off its dependency chain).
/// Series with NaN, windows of one row and misaligned first blocks of a resumed series take the general path.
/// </remarks>
internal static class VectorPaths
{

    public static bool TryCompute(AggregateKind kind, ReadOnlySpan<double> values, int window, int minPeriods, long origin, Span<double> destination)
    {
        if (window < 2 || origin % window != 0 || ContainsNaN(values))
        {
            return false;
        }

        switch (kind)
        {
            case AggregateKind.Sum:
            case AggregateKind.Mean:
                SumOrMean(values, window, minPeriods, kind == AggregateKind.Mean, destination);
                return true;
            case AggregateKind.Variance:
            case AggregateKind.StandardDeviation:
                Variance(values, window, minPeriods, kind == AggregateKind.StandardDeviation, destination);
                return true;
            case AggregateKind.Min:
                Extreme<MinOperator>(values, window, minPeriods, destination);
                return true;
            case AggregateKind.Max:
                Extreme<MaxOperator>(values, window, minPeriods, destination);
                return true;
            default:
                return false;
        }
    }

    internal static bool ContainsNaN(ReadOnlySpan<double> values)
    {
        int i = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            ref double start = ref MemoryMarshal.GetReference(values);
            for (; i <= values.Length - Vector256<double>.Count; i += Vector256<double>.Count)
            {
                Vector256<double> v = Vector256.LoadUnsafe(ref start, (nuint)i);
                if (!Vector256.EqualsAll(v, v))
                {
                    return true;
                }
            }
        }

        for (; i < values.Length; i++)
        {
            if (double.IsNaN(values[i]))
            {
                return true;
            }
        }

        return false;
    }

    private static void SumOrMean(ReadOnlySpan<double> values, int window, int minPeriods, bool mean, Span<double> destination)
    {
        int n = values.Length;
        double[] buffer = ArrayPool<double>.Shared.Rent(2 * (window + 1));
        try
        {
            Span<double> suffix = buffer.AsSpan(0, window + 1);
            Span<double> next = buffer.AsSpan(window + 1, window + 1);
            for (int start = 0; start < n; start += window)
            {
                int length = Math.Min(window, n - start);
                ReadOnlySpan<double> block = values.Slice(start, length);
                Span<double> output = destination.Slice(start, length);

                // Window sums (the previous block's suffix plus this block's prefix) into the output, and this block's
                // suffix, for the next block, into next. The first block has no previous one: its suffix stays 0.
                double prefix = 0;
                double tail = 0;
                next[length] = 0;
                if (start == 0)
                {
                    suffix.Clear();
                }

                for (int k = 0, j = length - 1; k < length; k++, j--)
                {
                    prefix += block[k];
                    output[k] = suffix[k + 1] + prefix;
                    tail += block[j];
                    next[j] = tail;
                }

                FinishSum(output, start, window, minPeriods, mean);
                Swap(ref suffix, ref next);
            }
        }
        finally
        {
            ArrayPool<double>.Shared.Return(buffer);
        }
    }

    private static void Variance(ReadOnlySpan<double> values, int window, int minPeriods, bool root, Span<double> destination)
    {
        int n = values.Length;
        double[] buffer = ArrayPool<double>.Shared.Rent(5 * (window + 1));
        try
        {
            Span<double> suffix1 = buffer.AsSpan(0, window + 1);
            Span<double> suffix2 = buffer.AsSpan(window + 1, window + 1);
            Span<double> next1 = buffer.AsSpan(2 * (window + 1), window + 1);
            Span<double> next2 = buffer.AsSpan(3 * (window + 1), window + 1);
            Span<double> prefix2 = buffer.AsSpan(4 * (window + 1), window + 1);
            double shift = values[0];
            for (int start = 0; start < n; start += window)
            {
                int length = Math.Min(window, n - start);
                ReadOnlySpan<double> block = values.Slice(start, length);
                Span<double> prefix1 = destination.Slice(start, length);

                // This pair's shift is the first value of the block before (BlockEngine.ChooseShift); the next pair's is this block's first.
                double nextShift = block[0];
                double p1 = 0, p2 = 0, q1 = 0, q2 = 0;
                next1[length] = 0;
                next2[length] = 0;
                for (int k = 0, j = length - 1; k < length; k++, j--)
                {
                    double d = block[k] - shift;
                    p1 += d;
                    p2 += d * d;
                    prefix1[k] = p1;
                    prefix2[k] = p2;
                    double e = block[j] - nextShift;
                    q1 += e;
                    q2 += e * e;
                    next1[j] = q1;
                    next2[j] = q2;
                }

                if (start > 0)
                {
                    AddShifted(suffix1.Slice(1, length), prefix1);
                    AddShifted(suffix2.Slice(1, length), prefix2[..length]);
                }

                FinishVariance(prefix1, prefix2[..length], start, window, minPeriods, root);
                Swap(ref suffix1, ref next1);
                Swap(ref suffix2, ref next2);
                shift = nextShift;
            }
        }
        finally
        {
            ArrayPool<double>.Shared.Return(buffer);
        }
    }

    private static void Extreme<TOperator>(ReadOnlySpan<double> values, int window, int minPeriods, Span<double> destination)
        where TOperator : struct, IExtremeOperator
    {
        int n = values.Length;
        double[] buffer = ArrayPool<double>.Shared.Rent(2 * (window + 1));
        try
        {
            Span<double> suffix = buffer.AsSpan(0, window + 1);
            Span<double> next = buffer.AsSpan(window + 1, window + 1);
            for (int start = 0; start < n; start += window)
            {
                int length = Math.Min(window, n - start);
                ReadOnlySpan<double> block = values.Slice(start, length);
                Span<double> output = destination.Slice(start, length);
                double prefix = TOperator.Identity;
                double tail = TOperator.Identity;
                next[length] = TOperator.Identity;
                for (int k = 0, j = length - 1; k < length; k++, j--)
                {
                    prefix = TOperator.Pick(block[k], prefix);
                    output[k] = prefix;
                    tail = TOperator.Pick(block[j], tail);
                    next[j] = tail;
                }

                if (start > 0)
                {
                    CombineExtremes<TOperator>(suffix.Slice(1, length), output);
                }

                // Only rows before minPeriods lack enough values; the rest already hold their result.
                for (int i = start; i < Math.Min(start + length, minPeriods - 1); i++)
                {
                    destination[i] = double.NaN;
                }

                Swap(ref suffix, ref next);
            }
        }
        finally
        {
            ArrayPool<double>.Shared.Return(buffer);
        }
    }

    /// <summary>target[k] = source[k] + target[k] (the suffix first, as <see cref="Moments.Combine"/> adds).</summary>
    private static void AddShifted(ReadOnlySpan<double> source, Span<double> target)
    {
        int k = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            for (; k <= target.Length - Vector256<double>.Count; k += Vector256<double>.Count)
            {
                (Vector256.Create(source.Slice(k)) + Vector256.Create(target.Slice(k))).CopyTo(target.Slice(k));
            }
        }

        for (; k < target.Length; k++)
        {
            target[k] = source[k] + target[k];
        }
    }

    private static void CombineExtremes<TOperator>(ReadOnlySpan<double> suffix, Span<double> target)
        where TOperator : struct, IExtremeOperator
    {
        int k = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            for (; k <= target.Length - Vector256<double>.Count; k += Vector256<double>.Count)
            {
                TOperator.Pick(Vector256.Create(suffix.Slice(k)), Vector256.Create(target.Slice(k))).CopyTo(target.Slice(k));
            }
        }

        for (; k < target.Length; k++)
        {
            target[k] = TOperator.Pick(suffix[k], target[k]);
        }
    }

    /// <summary>Turns window sums into results; rows whose window is full have <paramref name="window"/> valid values.</summary>
    private static void FinishSum(Span<double> sums, int start, int window, int minPeriods, bool mean)
    {
        int k = 0;

        // Rows before the first full window: count = row + 1.
        for (; k < sums.Length && start + k < window - 1; k++)
        {
            double count = start + k + 1;
            sums[k] = count < minPeriods ? double.NaN : mean ? sums[k] / count : sums[k];
        }

        if (!mean)
        {
            return;
        }

        double n = window;
        if (Vector256.IsHardwareAccelerated)
        {
            var divisor = Vector256.Create(n);
            for (; k <= sums.Length - Vector256<double>.Count; k += Vector256<double>.Count)
            {
                (Vector256.Create(sums.Slice(k)) / divisor).CopyTo(sums.Slice(k));
            }
        }

        for (; k < sums.Length; k++)
        {
            sums[k] /= n;
        }
    }

    private static void FinishVariance(Span<double> sums, ReadOnlySpan<double> squares, int start, int window, int minPeriods, bool root)
    {
        int k = 0;
        for (; k < sums.Length && start + k < window - 1; k++)
        {
            var moments = new Moments { N = start + k + 1, S1 = sums[k], S2 = squares[k] };
            double variance = MomentMath.Variance(moments, minPeriods);
            sums[k] = root ? Math.Sqrt(variance) : variance;
        }

        double n = window;
        if (Vector256.IsHardwareAccelerated)
        {
            var count = Vector256.Create(n);
            var degrees = Vector256.Create(n - 1);
            var flatScale = Vector256.Create(n);
            var four = Vector256.Create(4.0);
            var epsilon = Vector256.Create(MomentMath.MachineEpsilon);
            for (; k <= sums.Length - Vector256<double>.Count; k += Vector256<double>.Count)
            {
                Vector256<double> s1 = Vector256.Create(sums.Slice(k));
                Vector256<double> s2 = Vector256.Create(squares.Slice(k));
                Vector256<double> central = s2 - (s1 * s1 / count);
                Vector256<double> flat = Vector256.LessThanOrEqual(central, s2 * flatScale * four * epsilon);
                Vector256<double> variance = Vector256.ConditionalSelect(flat, Vector256<double>.Zero, central / degrees);
                (root ? Vector256.Sqrt(variance) : variance).CopyTo(sums.Slice(k));
            }
        }

        for (; k < sums.Length; k++)
        {
            var moments = new Moments { N = n, S1 = sums[k], S2 = squares[k] };
            double variance = MomentMath.Variance(moments, minPeriods);
            sums[k] = root ? Math.Sqrt(variance) : variance;
        }
    }

    private static void Swap(ref Span<double> a, ref Span<double> b)
    {
        Span<double> t = a;
        a = b;
        b = t;
    }

    private interface IExtremeOperator
    {
        static abstract double Identity { get; }

        static abstract double Pick(double candidate, double current);

        static abstract Vector256<double> Pick(Vector256<double> candidate, Vector256<double> current);
    }

    /// <summary>The comparisons of <see cref="Moments"/>: the candidate wins only when strictly smaller (keeps signed zeros identical).</summary>
    private struct MinOperator : IExtremeOperator
    {
        public static double Identity => double.PositiveInfinity;

        // minsd and vminpd return the second operand unless the first is strictly smaller: the same as the comparison,
        // without a branch.
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static double Pick(double candidate, double current) => Sse2.IsSupported
            ? Sse2.MinScalar(Vector128.CreateScalarUnsafe(candidate), Vector128.CreateScalarUnsafe(current)).ToScalar()
            : candidate < current ? candidate : current;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector256<double> Pick(Vector256<double> candidate, Vector256<double> current) => Avx.IsSupported
            ? Avx.Min(candidate, current)
            : Vector256.ConditionalSelect(Vector256.LessThan(candidate, current), candidate, current);
    }

    private struct MaxOperator : IExtremeOperator
    {
        public static double Identity => double.NegativeInfinity;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static double Pick(double candidate, double current) => Sse2.IsSupported
            ? Sse2.MaxScalar(Vector128.CreateScalarUnsafe(candidate), Vector128.CreateScalarUnsafe(current)).ToScalar()
            : candidate > current ? candidate : current;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector256<double> Pick(Vector256<double> candidate, Vector256<double> current) => Avx.IsSupported
            ? Avx.Max(candidate, current)
            : Vector256.ConditionalSelect(Vector256.GreaterThan(candidate, current), candidate, current);
    }
}
