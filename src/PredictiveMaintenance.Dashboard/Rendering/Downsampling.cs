namespace PredictiveMaintenance.Dashboard;

/// <summary>
/// Reduces a long series to what a chart of a given width can show, keeping its shape: the M4 selection (Jugel et al.,
/// "M4: A Visualization-Oriented Time Series Data Aggregation", VLDB 2014). The time range is cut into equal buckets and
/// each bucket keeps its first, minimum, maximum and last finite points, so every peak and dip survives (an anomaly is
/// usually one) and a line through the kept points covers the same pixels as one through all of them when a bucket is
/// no wider than a pixel column.
/// </summary>
internal static class Downsampling
{
    /// <summary>The marker in a selection where the line breaks.</summary>
    public const int Gap = -1;

    /// <summary>
    /// Selects the rows to draw: per bucket, the first, minimum, maximum and last rows whose value is finite, in row
    /// order, at most 4 per bucket. A bucket with rows but no finite value breaks the line (<see cref="Gap"/>); a bucket
    /// without rows does not.
    /// </summary>
    /// <param name="times">The times, increasing.</param>
    /// <param name="values">One value per time; NaN (missing) and infinities are not drawn.</param>
    /// <param name="from">The start of the drawn range (the first bucket's start).</param>
    /// <param name="to">The end of the drawn range; times outside the range fall into the first or last bucket.</param>
    /// <param name="buckets">The number of buckets, at least 1.</param>
    /// <param name="selection">Receives the row indexes and gaps; cleared first.</param>
    public static void SelectM4(ReadOnlySpan<long> times, ReadOnlySpan<double> values, long from, long to, int buckets, List<int> selection)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(buckets, 1);
        ArgumentOutOfRangeException.ThrowIfNotEqual(values.Length, times.Length, nameof(values));
        selection.Clear();
        double width = Math.Max(1.0, to - from) / buckets;
        int bucket = int.MinValue;
        bool hasRows = false;
        int first = -1, last = -1, min = -1, max = -1;
        for (int i = 0; i < times.Length; i++)
        {
            int b = (int)Math.Clamp(Math.Floor((times[i] - from) / width), 0, buckets - 1);
            if (b != bucket)
            {
                Flush(selection, hasRows, first, min, max, last);
                bucket = b;
                first = last = min = max = -1;
            }

            hasRows = true;
            double v = values[i];
            if (!double.IsFinite(v))
            {
                continue;
            }

            if (first < 0)
            {
                first = min = max = i;
            }
            else if (v < values[min])
            {
                min = i;
            }
            else if (v > values[max])
            {
                max = i;
            }

            last = i;
        }

        Flush(selection, hasRows, first, min, max, last);
        if (selection.Count > 0 && selection[^1] == Gap)
        {
            selection.RemoveAt(selection.Count - 1);
        }
    }

    private static void Flush(List<int> selection, bool hasRows, int first, int min, int max, int last)
    {
        if (!hasRows)
        {
            return;
        }

        if (first < 0)
        {
            if (selection.Count > 0 && selection[^1] != Gap)
            {
                selection.Add(Gap);
            }

            return;
        }

        Span<int> kept = [first, min, max, last];
        kept.Sort();
        for (int k = 0; k < kept.Length; k++)
        {
            if (k == 0 || kept[k] != kept[k - 1])
            {
                selection.Add(kept[k]);
            }
        }
    }
}
