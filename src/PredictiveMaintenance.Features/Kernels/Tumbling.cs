using System.Buffers;

namespace PredictiveMaintenance.Features;

/// <summary>
/// Tumbling-window kernels: non-overlapping buckets, one result per bucket that holds at least one row.
/// </summary>
/// <remarks>
/// <para>
/// Time buckets are <c>[origin + k * width, origin + (k + 1) * width)</c> for integer <c>k</c>, aligned to
/// <c>origin</c> (0 is the Unix epoch, so 1-day buckets start at midnight UTC); a bucket's time is its start. Row
/// buckets hold <c>rows</c> consecutive rows counted from the first. Buckets without rows produce nothing (as a pandas
/// <c>groupby</c>, unlike <c>resample</c>).
/// </para>
/// <para>
/// NaN is skipped; a bucket with fewer than <c>minPeriods</c> valid values (rows, for count) gives NaN. pandas'
/// <c>groupby</c> corresponds to <c>minPeriods = 0</c>: the sum of a bucket of NaNs is 0 and its mean is NaN.
/// Statistics are those of <see cref="AggregateKind"/>; the slope is per second within a time bucket and per row within
/// a row bucket.
/// </para>
/// </remarks>
public static class Tumbling
{
    /// <summary>Returns the number of time buckets that hold at least one of the given times.</summary>
    /// <param name="times">Strictly increasing times.</param>
    /// <param name="width">Bucket width in the unit of <paramref name="times"/>, at least 1.</param>
    /// <param name="origin">A bucket boundary; 0 aligns buckets to the epoch.</param>
    public static int CountBuckets(ReadOnlySpan<long> times, long width, long origin)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(width, 1);
        int count = 0;
        for (int start = 0; start < times.Length; start = BucketEnd(times, start, width, origin))
        {
            count++;
        }

        return count;
    }

    /// <summary>
    /// The end (exclusive) of the bucket of row <paramref name="start"/>: one division for the bucket, then comparisons
    /// against its end time, since a 64-bit division per row would cost more than the statistic.
    /// </summary>
    internal static int BucketEnd(ReadOnlySpan<long> times, int start, long width, long origin)
    {
        long bucketEnd = origin + ((TimeGeometry.FloorDivision(times[start] - origin, width) + 1) * width);
        int end = start + 1;
        while (end < times.Length && times[end] < bucketEnd)
        {
            end++;
        }

        return end;
    }

    /// <summary>Computes an aggregate over time buckets.</summary>
    /// <param name="aggregate">What to compute.</param>
    /// <param name="times">Strictly increasing times, one per value.</param>
    /// <param name="values">The series; NaN marks a missing value.</param>
    /// <param name="width">Bucket width in the unit of <paramref name="times"/>, at least 1.</param>
    /// <param name="origin">A bucket boundary; 0 aligns buckets to the epoch.</param>
    /// <param name="minPeriods">Fewest valid values (rows, for count) that give a result, at least 0.</param>
    /// <param name="bucketStarts">Receives the start time of each bucket; at least <see cref="CountBuckets"/> long.</param>
    /// <param name="destination">Receives the result of each bucket; at least <see cref="CountBuckets"/> long.</param>
    /// <returns>The number of buckets written.</returns>
    public static int Compute(Aggregate aggregate, ReadOnlySpan<long> times, ReadOnlySpan<double> values, long width, long origin, int minPeriods, Span<long> bucketStarts, Span<double> destination)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(width, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(minPeriods);
        Rolling.CheckTimes(times, values.Length);
        int buckets = CountBuckets(times, width, origin);
        Rolling.CheckDestination(buckets, bucketStarts.Length, nameof(bucketStarts));
        Rolling.CheckDestination(buckets, destination.Length, nameof(destination));
        int written = 0;
        int start = 0;
        while (start < values.Length)
        {
            int end = BucketEnd(times, start, width, origin);
            bucketStarts[written] = origin + (TimeGeometry.FloorDivision(times[start] - origin, width) * width);
            destination[written++] = Statistic(aggregate, times[start..end], values[start..end], minPeriods, UnixTime.MicrosecondsPerSecond);
            start = end;
        }

        return written;
    }

    /// <summary>Computes an aggregate over buckets of <paramref name="rows"/> consecutive rows (the last may be shorter).</summary>
    /// <param name="aggregate">What to compute.</param>
    /// <param name="values">The series; NaN marks a missing value.</param>
    /// <param name="rows">Rows per bucket, at least 1.</param>
    /// <param name="minPeriods">Fewest valid values (rows, for count) that give a result, at least 0.</param>
    /// <param name="destination">Receives the result of each bucket; at least <c>ceil(values.Length / rows)</c> long.</param>
    /// <returns>The number of buckets written.</returns>
    public static int Compute(Aggregate aggregate, ReadOnlySpan<double> values, int rows, int minPeriods, Span<double> destination)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(rows, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(minPeriods);
        int buckets = (int)(((long)values.Length + rows - 1) / rows);
        Rolling.CheckDestination(buckets, destination.Length);
        for (int b = 0; b < buckets; b++)
        {
            int start = b * rows;
            destination[b] = Statistic(aggregate, [], values.Slice(start, Math.Min(rows, values.Length - start)), minPeriods, 1);
        }

        return buckets;
    }

    /// <summary>The statistic of one bucket; <paramref name="times"/> is empty for row buckets (positions are row numbers).</summary>
    internal static double Statistic(Aggregate aggregate, ReadOnlySpan<long> times, ReadOnlySpan<double> values, int minPeriods, double timeScale) => aggregate.Kind switch
    {
        AggregateKind.Sum => Statistic<SumAggregate>(times, values, minPeriods, timeScale),
        AggregateKind.Mean => Statistic<MeanAggregate>(times, values, minPeriods, timeScale),
        AggregateKind.Variance => Statistic<VarianceAggregate>(times, values, minPeriods, timeScale),
        AggregateKind.StandardDeviation => Statistic<StandardDeviationAggregate>(times, values, minPeriods, timeScale),
        AggregateKind.Min => Statistic<MinAggregate>(times, values, minPeriods, timeScale),
        AggregateKind.Max => Statistic<MaxAggregate>(times, values, minPeriods, timeScale),
        AggregateKind.Count => Statistic<CountAggregate>(times, values, minPeriods, timeScale),
        AggregateKind.RootMeanSquare => Statistic<RootMeanSquareAggregate>(times, values, minPeriods, timeScale),
        AggregateKind.PeakToPeak => Statistic<PeakToPeakAggregate>(times, values, minPeriods, timeScale),
        AggregateKind.Skewness => Statistic<SkewnessAggregate>(times, values, minPeriods, timeScale),
        AggregateKind.Kurtosis => Statistic<KurtosisAggregate>(times, values, minPeriods, timeScale),
        AggregateKind.Slope => Statistic<SlopeAggregate>(times, values, minPeriods, timeScale),
        AggregateKind.Median or AggregateKind.Quantile => OrderStatistic(aggregate, values, minPeriods),
        _ => throw new ArgumentOutOfRangeException(nameof(aggregate), aggregate.Kind, "Unknown aggregate kind."),
    };

    private static double Statistic<TAgg>(ReadOnlySpan<long> times, ReadOnlySpan<double> values, int minPeriods, double timeScale)
        where TAgg : struct, IMomentAggregate
    {
        double shift = TAgg.Shifted ? BlockEngine.ChooseShift(values, 0, values.Length) : 0;
        Moments moments = Moments.Empty;
        for (int row = 0; row < values.Length; row++)
        {
            double value = values[row];
            if (!double.IsNaN(value))
            {
                double offset = times.IsEmpty ? row : times[row] - times[0];
                moments.Add<TAgg>(value - shift, offset);
            }
        }

        return TAgg.Finish(moments, shift, minPeriods, values.Length, times.IsEmpty ? 1 : timeScale);
    }

    private static double OrderStatistic(Aggregate aggregate, ReadOnlySpan<double> values, int minPeriods)
    {
        double[] scratch = ArrayPool<double>.Shared.Rent(values.Length);
        try
        {
            int count = 0;
            foreach (double value in values)
            {
                if (!double.IsNaN(value))
                {
                    scratch[count++] = value;
                }
            }

            Span<double> valid = scratch.AsSpan(0, count);
            valid.Sort();
            return count >= minPeriods ? OrderStatistics.Select(valid, aggregate) : double.NaN;
        }
        finally
        {
            ArrayPool<double>.Shared.Return(scratch);
        }
    }
}
