using System.Buffers;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace PredictiveMaintenance.Features;

/// <summary>Rolling median and quantiles over a sorted copy of each window's valid values.</summary>
/// <remarks>
/// Each step finds the leaving and the arriving value by branch-free binary search (O(log w) comparisons, no
/// mispredicted branches on random data) and shifts only the values between the two positions, with one block move.
/// The move is O(w) in principle, but it is a memmove of on average w/3 doubles, which for the windows features use
/// (tens to thousands of rows) costs less than the pointer chasing of a skip list or a pair of heaps.
/// </remarks>
internal static class OrderStatistics
{
    public static void Run<TGeometry>(scoped in TGeometry geometry, ReadOnlySpan<double> values, Aggregate aggregate, int minPeriods, Span<double> destination)
        where TGeometry : IWindowGeometry, allows ref struct
    {
        double[] sorted = ArrayPool<double>.Shared.Rent(64);
        try
        {
            int count = 0;
            int windowStart = 0;
            for (int row = 0; row < values.Length; row++)
            {
                int newStart = geometry.WindowStart(row, windowStart);
                double arriving = values[row];
                if (newStart == windowStart + 1 && !double.IsNaN(arriving) && !double.IsNaN(values[windowStart]))
                {
                    // The steady state of a row window: one value leaves as one arrives.
                    Replace(sorted, count, values[windowStart], arriving);
                    windowStart = newStart;
                    destination[row] = count >= minPeriods ? Select(sorted.AsSpan(0, count), aggregate) : double.NaN;
                    continue;
                }

                for (int leaving = windowStart; leaving < newStart; leaving++)
                {
                    double value = values[leaving];
                    if (!double.IsNaN(value))
                    {
                        Remove(sorted, ref count, value);
                    }
                }

                windowStart = newStart;
                if (!double.IsNaN(arriving))
                {
                    if (count == sorted.Length)
                    {
                        double[] larger = ArrayPool<double>.Shared.Rent(count * 2);
                        sorted.AsSpan(0, count).CopyTo(larger);
                        ArrayPool<double>.Shared.Return(sorted);
                        sorted = larger;
                    }

                    Insert(sorted, ref count, arriving);
                }

                destination[row] = count >= minPeriods ? Select(sorted.AsSpan(0, count), aggregate) : double.NaN;
            }
        }
        finally
        {
            ArrayPool<double>.Shared.Return(sorted);
        }
    }

    /// <summary>The median or quantile of sorted values; NaN when there are none.</summary>
    public static double Select(ReadOnlySpan<double> sorted, Aggregate aggregate)
    {
        int n = sorted.Length;
        if (n == 0)
        {
            return double.NaN;
        }

        if (aggregate.Kind == AggregateKind.Median)
        {
            // pandas averages the two middle values rather than interpolating, which rounds differently.
            return (n & 1) == 1 ? sorted[n / 2] : (sorted[(n / 2) - 1] + sorted[n / 2]) / 2;
        }

        double position = aggregate.Probability * (n - 1);
        int lower = (int)position;
        if (lower == position)
        {
            return sorted[lower];
        }

        double low = sorted[lower];
        return low + ((sorted[lower + 1] - low) * (position - lower));
    }

    private static void Replace(double[] sorted, int count, double leaving, double arriving)
    {
        int from = LowerBound(sorted, count, leaving);
        int to = LowerBound(sorted, count, arriving);
        if (to > from)
        {
            // Values in (from, to) move down one place; the arriving one goes just below the first value not below it.
            sorted.AsSpan(from + 1, to - from - 1).CopyTo(sorted.AsSpan(from));
            sorted[to - 1] = arriving;
        }
        else
        {
            sorted.AsSpan(to, from - to).CopyTo(sorted.AsSpan(to + 1));
            sorted[to] = arriving;
        }
    }

    private static void Insert(double[] sorted, ref int count, double value)
    {
        int index = LowerBound(sorted, count, value);
        sorted.AsSpan(index, count - index).CopyTo(sorted.AsSpan(index + 1));
        sorted[index] = value;
        count++;
    }

    private static void Remove(double[] sorted, ref int count, double value)
    {
        int index = LowerBound(sorted, count, value);
        System.Diagnostics.Debug.Assert(index < count && sorted[index] == value, "A leaving value was inserted when it arrived.");
        sorted.AsSpan(index + 1, count - index - 1).CopyTo(sorted.AsSpan(index));
        count--;
    }

    /// <summary>
    /// The number of values below <paramref name="value"/>. Windows of up to a few hundred values are counted with
    /// vector compares (every value, but no dependent loads and no branches); larger ones are halved with a
    /// conditional move instead of a branch.
    /// </summary>
    private static int LowerBound(double[] sorted, int count, double value)
    {
        ref double start = ref MemoryMarshal.GetArrayDataReference(sorted);
        if (Vector256.IsHardwareAccelerated && count is >= 16 and <= 512)
        {
            Vector256<double> target = Vector256.Create(value);
            Vector256<long> below0 = Vector256<long>.Zero;
            Vector256<long> below1 = Vector256<long>.Zero;
            int i = 0;
            for (; i <= count - 8; i += 8)
            {
                // A true lane is all ones, -1 as an integer, so subtracting counts it.
                below0 -= Vector256.LessThan(Vector256.LoadUnsafe(ref start, (nuint)i), target).AsInt64();
                below1 -= Vector256.LessThan(Vector256.LoadUnsafe(ref start, (nuint)(i + 4)), target).AsInt64();
            }

            long below = Vector256.Sum(below0 + below1);
            for (; i < count; i++)
            {
                below += Unsafe.Add(ref start, i) < value ? 1 : 0;
            }

            return (int)below;
        }

        int low = 0;
        int length = count;
        while (length > 1)
        {
            int half = length >> 1;
            low = Unsafe.Add(ref start, low + half - 1) < value ? low + half : low;
            length -= half;
        }

        return length == 1 && Unsafe.Add(ref start, low) < value ? low + 1 : low;
    }
}
