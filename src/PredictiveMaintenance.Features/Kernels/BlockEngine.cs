using System.Buffers;

namespace PredictiveMaintenance.Features;

/// <summary>
/// Rolling aggregates by block decomposition (van Herk / Gil-Werman): a window is a suffix of the block before its
/// row's block plus a prefix of its row's block, so each row costs one prefix step, one suffix step and one combine,
/// O(n) in all, whatever the window.
/// </summary>
/// <remarks>
/// Unlike a running add-and-remove sum, no error carries from one block to the next: every result is a sum of at
/// most two windows' worth of values, so rounding stays bounded by the window and there is no drift over long series.
/// Moments of order two and more are summed about a shift taken from the data (the first valid value of the earlier
/// block of the pair, or of the row's block), so a large common offset cancels before squaring rather than after.
/// The shift depends only on the two blocks, so a batch that resumes a series from its kept tail reproduces the
/// whole-series results bit for bit.
/// </remarks>
internal static class BlockEngine
{
    public static void Run<TGeometry, TAgg>(scoped in TGeometry geometry, ReadOnlySpan<double> values, int minPeriods, Span<double> destination)
        where TGeometry : IWindowGeometry, allows ref struct
        where TAgg : struct, IMomentAggregate
    {
        int n = values.Length;
        Moments[] suffix = ArrayPool<Moments>.Shared.Rent(64);
        try
        {
            int previous = -1;
            int start = 0;
            int windowStart = 0;
            double timeScale = geometry.TimeScale;
            while (start < n)
            {
                int end = geometry.BlockEnd(start);
                if (previous >= 0 && !geometry.IsAdjacent(previous, start))
                {
                    previous = -1;
                }

                double shift = TAgg.Shifted ? ChooseShift(values, previous < 0 ? start : previous, end) : 0;
                if (previous >= 0)
                {
                    int length = start - previous;
                    if (suffix.Length <= length)
                    {
                        ArrayPool<Moments>.Shared.Return(suffix);
                        suffix = ArrayPool<Moments>.Shared.Rent(length + 1);
                    }

                    Moments accumulated = Moments.Empty;
                    suffix[length] = accumulated;
                    for (int row = start - 1; row >= previous; row--)
                    {
                        double value = values[row];
                        if (!double.IsNaN(value))
                        {
                            accumulated.Add<TAgg>(value - shift, geometry.Offset(row, start));
                        }

                        suffix[row - previous] = accumulated;
                    }
                }

                Moments prefix = Moments.Empty;
                for (int row = start; row < end; row++)
                {
                    double value = values[row];
                    if (!double.IsNaN(value))
                    {
                        prefix.Add<TAgg>(value - shift, geometry.Offset(row, start));
                    }

                    windowStart = geometry.WindowStart(row, windowStart);
                    int rows = row - windowStart + 1;
                    destination[row] = windowStart < start
                        ? TAgg.Finish(Moments.Combine<TAgg>(suffix[windowStart - previous], prefix), shift, minPeriods, rows, timeScale)
                        : TAgg.Finish(prefix, shift, minPeriods, rows, timeScale);
                }

                previous = start;
                start = end;
            }
        }
        finally
        {
            ArrayPool<Moments>.Shared.Return(suffix);
        }
    }

    /// <summary>
    /// The first valid value in <c>[from, to)</c>. Only rows before the current one can matter: while no valid value
    /// has been seen, the window holds none and its statistic does not depend on the shift.
    /// </summary>
    internal static double ChooseShift(ReadOnlySpan<double> values, int from, int to)
    {
        for (int row = from; row < to; row++)
        {
            if (!double.IsNaN(values[row]))
            {
                return values[row];
            }
        }

        return 0;
    }
}
