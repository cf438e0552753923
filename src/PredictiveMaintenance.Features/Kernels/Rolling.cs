namespace PredictiveMaintenance.Features;

/// <summary>
/// Rolling-window kernels: for every row, a statistic of the values in a window that ends at that row.
/// </summary>
/// <remarks>
/// <para>
/// Windows are right-aligned and causal: the result at row <c>i</c> uses only rows at or before <c>i</c>. A row window
/// of <c>w</c> holds rows <c>(i - w, i]</c> (fewer at the start of the series); a time window of span <c>s</c> holds the
/// rows whose time is in <c>(t[i] - s, t[i]]</c>, as pandas' <c>rolling("24h")</c>.
/// </para>
/// <para>
/// NaN marks a missing value and is skipped. The result is NaN when the window holds fewer than <c>minPeriods</c>
/// valid values (for <see cref="AggregateKind.Count"/>, rows), and as <see cref="AggregateKind"/> describes for
/// degenerate windows. pandas' defaults are <c>minPeriods = window</c> for row windows and 1 for time windows.
/// </para>
/// <para>
/// Every kernel is O(n) per series except median and quantiles (see <see cref="Median(ReadOnlySpan{double}, int, int, Span{double})"/>),
/// allocation-free (scratch comes from <see cref="System.Buffers.ArrayPool{T}"/>), and writes one value per input value,
/// returning how many it wrote. Sum, mean, variance, standard deviation, min and max over row windows take a
/// vectorized path; its results equal the general path's.
/// </para>
/// </remarks>
public static class Rolling
{
    /// <summary>Rolling sum over a row window (NaN skipped; 0 for no valid value when <paramref name="minPeriods"/> is 0).</summary>
    /// <param name="values">The series; NaN marks a missing value.</param>
    /// <param name="window">Rows in the window, at least 1.</param>
    /// <param name="minPeriods">Fewest valid values that give a result, in [0, <paramref name="window"/>].</param>
    /// <param name="destination">Receives one result per value; at least as long as <paramref name="values"/>.</param>
    /// <returns>The number of results written, <c>values.Length</c>.</returns>
    public static int Sum(ReadOnlySpan<double> values, int window, int minPeriods, Span<double> destination) =>
        Compute(Aggregate.Sum, values, window, minPeriods, destination);

    /// <summary>Rolling mean over a row window (NaN skipped).</summary>
    /// <inheritdoc cref="Sum(ReadOnlySpan{double}, int, int, Span{double})"/>
    public static int Mean(ReadOnlySpan<double> values, int window, int minPeriods, Span<double> destination) =>
        Compute(Aggregate.Mean, values, window, minPeriods, destination);

    /// <summary>Rolling sample variance (ddof 1) over a row window (NaN skipped).</summary>
    /// <inheritdoc cref="Sum(ReadOnlySpan{double}, int, int, Span{double})"/>
    public static int Variance(ReadOnlySpan<double> values, int window, int minPeriods, Span<double> destination) =>
        Compute(Aggregate.Variance, values, window, minPeriods, destination);

    /// <summary>Rolling sample standard deviation (ddof 1) over a row window (NaN skipped).</summary>
    /// <inheritdoc cref="Sum(ReadOnlySpan{double}, int, int, Span{double})"/>
    public static int StandardDeviation(ReadOnlySpan<double> values, int window, int minPeriods, Span<double> destination) =>
        Compute(Aggregate.StandardDeviation, values, window, minPeriods, destination);

    /// <summary>Rolling minimum over a row window (NaN skipped).</summary>
    /// <inheritdoc cref="Sum(ReadOnlySpan{double}, int, int, Span{double})"/>
    public static int Min(ReadOnlySpan<double> values, int window, int minPeriods, Span<double> destination) =>
        Compute(Aggregate.Min, values, window, minPeriods, destination);

    /// <summary>Rolling maximum over a row window (NaN skipped).</summary>
    /// <inheritdoc cref="Sum(ReadOnlySpan{double}, int, int, Span{double})"/>
    public static int Max(ReadOnlySpan<double> values, int window, int minPeriods, Span<double> destination) =>
        Compute(Aggregate.Max, values, window, minPeriods, destination);

    /// <summary>Rolling median over a row window (NaN skipped; the mean of the two middle values when their count is even).</summary>
    /// <remarks>O(log w) comparisons and one block move of at most w values per row.</remarks>
    /// <inheritdoc cref="Sum(ReadOnlySpan{double}, int, int, Span{double})"/>
    public static int Median(ReadOnlySpan<double> values, int window, int minPeriods, Span<double> destination) =>
        Compute(Aggregate.Median, values, window, minPeriods, destination);

    /// <summary>Rolling quantile over a row window, interpolating linearly between the closest ranks (NaN skipped).</summary>
    /// <param name="values">The series; NaN marks a missing value.</param>
    /// <param name="window">Rows in the window, at least 1.</param>
    /// <param name="probability">The probability, in [0, 1].</param>
    /// <param name="minPeriods">Fewest valid values that give a result, in [0, <paramref name="window"/>].</param>
    /// <param name="destination">Receives one result per value; at least as long as <paramref name="values"/>.</param>
    /// <returns>The number of results written, <c>values.Length</c>.</returns>
    public static int Quantile(ReadOnlySpan<double> values, int window, double probability, int minPeriods, Span<double> destination) =>
        Compute(Aggregate.Quantile(probability), values, window, minPeriods, destination);

    /// <summary>Computes any aggregate over a row window (NaN skipped).</summary>
    /// <param name="aggregate">What to compute.</param>
    /// <param name="values">The series; NaN marks a missing value.</param>
    /// <param name="window">Rows in the window, at least 1.</param>
    /// <param name="minPeriods">Fewest valid values (rows, for count) that give a result, in [0, <paramref name="window"/>].</param>
    /// <param name="destination">Receives one result per value; at least as long as <paramref name="values"/>.</param>
    /// <returns>The number of results written, <c>values.Length</c>.</returns>
    public static int Compute(Aggregate aggregate, ReadOnlySpan<double> values, int window, int minPeriods, Span<double> destination)
    {
        CheckRowWindow(window, minPeriods);
        CheckDestination(values.Length, destination.Length);
        ComputeRows(aggregate, values, window, minPeriods, 0, destination);
        return values.Length;
    }

    /// <summary>Computes an aggregate over a row window for many series stored back to back, each on its own.</summary>
    /// <param name="aggregate">What to compute.</param>
    /// <param name="values">The series, concatenated; NaN marks a missing value.</param>
    /// <param name="offsets">
    /// Where each series starts, plus the end: series <c>g</c> is <c>values[offsets[g]..offsets[g + 1]]</c>, as
    /// <see cref="TelemetryTable.AssetOffsets"/> gives them. Non-decreasing, from 0 to <c>values.Length</c>.
    /// </param>
    /// <param name="window">Rows in the window, at least 1.</param>
    /// <param name="minPeriods">Fewest valid values (rows, for count) that give a result, in [0, <paramref name="window"/>].</param>
    /// <param name="destination">Receives one result per value; at least as long as <paramref name="values"/>.</param>
    /// <returns>The number of results written, <c>values.Length</c>.</returns>
    public static int Compute(Aggregate aggregate, ReadOnlySpan<double> values, ReadOnlySpan<int> offsets, int window, int minPeriods, Span<double> destination)
    {
        CheckRowWindow(window, minPeriods);
        CheckDestination(values.Length, destination.Length);
        CheckOffsets(offsets, values.Length);
        for (int g = 0; g + 1 < offsets.Length; g++)
        {
            Range rows = offsets[g]..offsets[g + 1];
            ComputeRows(aggregate, values[rows], window, minPeriods, 0, destination[rows]);
        }

        return values.Length;
    }

    /// <summary>Computes an aggregate over a time window: the rows with time in <c>(t - span, t]</c> (NaN skipped).</summary>
    /// <param name="aggregate">What to compute.</param>
    /// <param name="times">Strictly increasing times, one per value (microseconds since the Unix epoch for timestamps).</param>
    /// <param name="values">The series; NaN marks a missing value.</param>
    /// <param name="span">Window length in the unit of <paramref name="times"/>, at least 1.</param>
    /// <param name="minPeriods">Fewest valid values (rows, for count) that give a result, at least 0; pandas' default is 1.</param>
    /// <param name="destination">Receives one result per value; at least as long as <paramref name="values"/>.</param>
    /// <returns>The number of results written, <c>values.Length</c>.</returns>
    /// <exception cref="ArgumentException">The lengths differ or <paramref name="times"/> does not strictly increase.</exception>
    public static int Compute(Aggregate aggregate, ReadOnlySpan<long> times, ReadOnlySpan<double> values, long span, int minPeriods, Span<double> destination)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(span, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(minPeriods);
        CheckTimes(times, values.Length);
        CheckDestination(values.Length, destination.Length);
        ComputeTimes(aggregate, times, values, span, minPeriods, destination);
        return values.Length;
    }

    /// <summary>Computes an aggregate over a row window into a new array.</summary>
    /// <param name="aggregate">What to compute.</param>
    /// <param name="values">The series; NaN marks a missing value.</param>
    /// <param name="window">Rows in the window, at least 1.</param>
    /// <param name="minPeriods">Fewest valid values (rows, for count) that give a result; pandas' default is <paramref name="window"/>.</param>
    /// <returns>One result per value.</returns>
    public static double[] Compute(Aggregate aggregate, double[] values, int window, int minPeriods)
    {
        ArgumentNullException.ThrowIfNull(values);
        double[] result = new double[values.Length];
        Compute(aggregate, values, window, minPeriods, result);
        return result;
    }

    /// <summary>Computes an aggregate over a time window into a new array.</summary>
    /// <param name="aggregate">What to compute.</param>
    /// <param name="times">Strictly increasing times, one per value.</param>
    /// <param name="values">The series; NaN marks a missing value.</param>
    /// <param name="span">Window length in the unit of <paramref name="times"/>.</param>
    /// <param name="minPeriods">Fewest valid values (rows, for count) that give a result; pandas' default is 1.</param>
    /// <returns>One result per value.</returns>
    public static double[] Compute(Aggregate aggregate, long[] times, double[] values, long span, int minPeriods)
    {
        ArgumentNullException.ThrowIfNull(times);
        ArgumentNullException.ThrowIfNull(values);
        double[] result = new double[values.Length];
        Compute(aggregate, times, values, span, minPeriods, result);
        return result;
    }

    /// <summary>
    /// Row-window kernel for a series whose first value is row <paramref name="origin"/> of the whole series, so blocks
    /// stay aligned with the whole series' (the incremental computation relies on this).
    /// </summary>
    internal static void ComputeRows(Aggregate aggregate, ReadOnlySpan<double> values, int window, int minPeriods, long origin, Span<double> destination)
    {
        if (values.IsEmpty)
        {
            return;
        }

        if (VectorPaths.TryCompute(aggregate.Kind, values, window, minPeriods, origin, destination))
        {
            return;
        }

        var geometry = new RowGeometry(values.Length, window, origin);
        Dispatch(geometry, aggregate, values, minPeriods, destination);
    }

    internal static void ComputeTimes(Aggregate aggregate, ReadOnlySpan<long> times, ReadOnlySpan<double> values, long span, int minPeriods, Span<double> destination)
    {
        if (values.IsEmpty)
        {
            return;
        }

        var geometry = new TimeGeometry(times, span);
        Dispatch(geometry, aggregate, values, minPeriods, destination);
    }

    /// <summary>The general path for every aggregate; <see cref="VectorPaths"/> must agree with it bit for bit.</summary>
    internal static void Dispatch<TGeometry>(scoped in TGeometry geometry, Aggregate aggregate, ReadOnlySpan<double> values, int minPeriods, Span<double> destination)
        where TGeometry : IWindowGeometry, allows ref struct
    {
        switch (aggregate.Kind)
        {
            case AggregateKind.Sum: BlockEngine.Run<TGeometry, SumAggregate>(geometry, values, minPeriods, destination); break;
            case AggregateKind.Mean: BlockEngine.Run<TGeometry, MeanAggregate>(geometry, values, minPeriods, destination); break;
            case AggregateKind.Variance: BlockEngine.Run<TGeometry, VarianceAggregate>(geometry, values, minPeriods, destination); break;
            case AggregateKind.StandardDeviation: BlockEngine.Run<TGeometry, StandardDeviationAggregate>(geometry, values, minPeriods, destination); break;
            case AggregateKind.Min: BlockEngine.Run<TGeometry, MinAggregate>(geometry, values, minPeriods, destination); break;
            case AggregateKind.Max: BlockEngine.Run<TGeometry, MaxAggregate>(geometry, values, minPeriods, destination); break;
            case AggregateKind.Count: BlockEngine.Run<TGeometry, CountAggregate>(geometry, values, minPeriods, destination); break;
            case AggregateKind.RootMeanSquare: BlockEngine.Run<TGeometry, RootMeanSquareAggregate>(geometry, values, minPeriods, destination); break;
            case AggregateKind.PeakToPeak: BlockEngine.Run<TGeometry, PeakToPeakAggregate>(geometry, values, minPeriods, destination); break;
            case AggregateKind.Skewness: BlockEngine.Run<TGeometry, SkewnessAggregate>(geometry, values, minPeriods, destination); break;
            case AggregateKind.Kurtosis: BlockEngine.Run<TGeometry, KurtosisAggregate>(geometry, values, minPeriods, destination); break;
            case AggregateKind.Slope: BlockEngine.Run<TGeometry, SlopeAggregate>(geometry, values, minPeriods, destination); break;
            case AggregateKind.Median or AggregateKind.Quantile: OrderStatistics.Run(geometry, values, aggregate, minPeriods, destination); break;
            default: throw new ArgumentOutOfRangeException(nameof(aggregate), aggregate.Kind, "Unknown aggregate kind.");
        }
    }

    internal static void CheckRowWindow(int window, int minPeriods)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(window, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(minPeriods);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(minPeriods, window);
    }

    internal static void CheckDestination(int length, int destinationLength, string destination = "destination")
    {
        if (destinationLength < length)
        {
            throw new ArgumentException($"The destination holds {destinationLength} values; {length} are needed.", destination);
        }
    }

    internal static void CheckTimes(ReadOnlySpan<long> times, int length)
    {
        if (times.Length != length)
        {
            throw new ArgumentException($"There are {times.Length} times for {length} values; one time per value is needed.", nameof(times));
        }

        for (int i = 1; i < times.Length; i++)
        {
            if (times[i] <= times[i - 1])
            {
                throw new ArgumentException($"Times must strictly increase, but times[{i}] = {times[i]} follows times[{i - 1}] = {times[i - 1]}.", nameof(times));
            }
        }
    }

    internal static void CheckOffsets(ReadOnlySpan<int> offsets, int length)
    {
        if (offsets.IsEmpty || offsets[0] != 0 || offsets[^1] != length)
        {
            throw new ArgumentException($"Offsets must run from 0 to the number of values, {length}.", nameof(offsets));
        }

        for (int g = 1; g < offsets.Length; g++)
        {
            if (offsets[g] < offsets[g - 1])
            {
                throw new ArgumentException($"Offsets must not decrease, but offsets[{g}] = {offsets[g]} follows offsets[{g - 1}] = {offsets[g - 1]}.", nameof(offsets));
            }
        }
    }
}
