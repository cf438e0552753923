using System.Buffers;

namespace PredictiveMaintenance.Features;

/// <summary>Rolling median and quantiles over a sorted copy of each window's valid values.</summary>
/// <remarks>
/// Each step finds the leaving and the arriving value by binary search (O(log w) comparisons) and shifts the values
/// between them with one block move. The move is O(w) in principle, but it is a memmove of at most w doubles, which for
/// the windows features use (tens to thousands of rows) costs less than the pointer chasing of a skip list or heap.
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
                for (int leaving = windowStart; leaving < newStart; leaving++)
                {
                    double value = values[leaving];
                    if (!double.IsNaN(value))
                    {
                        Remove(sorted, ref count, value);
                    }
                }

                windowStart = newStart;
                double arriving = values[row];
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

    private static void Insert(double[] sorted, ref int count, double value)
    {
        int index = sorted.AsSpan(0, count).BinarySearch(value);
        if (index < 0)
        {
            index = ~index;
        }

        Array.Copy(sorted, index, sorted, index + 1, count - index);
        sorted[index] = value;
        count++;
    }

    private static void Remove(double[] sorted, ref int count, double value)
    {
        int index = sorted.AsSpan(0, count).BinarySearch(value);
        System.Diagnostics.Debug.Assert(index >= 0, "A leaving value was inserted when it arrived.");
        Array.Copy(sorted, index + 1, sorted, index, count - index - 1);
        count--;
    }
}
