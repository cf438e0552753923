namespace PredictiveMaintenance.Features;

/// <summary>
/// Exponentially weighted mean and variance, as pandas' <c>ewm(..., adjust=True, ignore_na=False)</c>.
/// </summary>
/// <remarks>
/// <para>
/// Causal by construction: the result at a row weighs that row 1 and each earlier valid value by
/// <c>(1 - alpha)</c> per row since (row form) or by <c>0.5</c> per half-life elapsed (time form, pandas'
/// <c>halflife=..., times=...</c>), normalised by the sum of weights. NaN values are skipped but still age the
/// weights of the values before them. A row's result is NaN until <c>minPeriods</c> valid values have been seen
/// (and before the first one). The variance is the bias-corrected one (pandas' <c>bias=False</c>): NaN until the
/// weights allow a correction, that is until two valid values have been seen.
/// </para>
/// <para>
/// Each kernel has an overload that starts from and updates an <see cref="EwmState"/>, so a series can be fed in
/// batches with the same results as all at once.
/// </para>
/// </remarks>
public static class ExponentialMoving
{
    /// <summary>Smoothing factor for a span: <c>2 / (span + 1)</c>, as pandas' <c>span</c>.</summary>
    /// <param name="span">At least 1.</param>
    public static double AlphaFromSpan(double span)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(span, 1);
        return 2 / (span + 1);
    }

    /// <summary>Smoothing factor for a half-life in rows: <c>1 - exp(-ln 2 / halfLife)</c>, as pandas' <c>halflife</c>.</summary>
    /// <param name="halfLife">Greater than 0.</param>
    public static double AlphaFromHalfLife(double halfLife)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(halfLife);
        return 1 - Math.Exp(-Math.Log(2) / halfLife);
    }

    /// <summary>Smoothing factor for a centre of mass: <c>1 / (1 + com)</c>, as pandas' <c>com</c>.</summary>
    /// <param name="centerOfMass">At least 0.</param>
    public static double AlphaFromCenterOfMass(double centerOfMass)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(centerOfMass);
        return 1 / (1 + centerOfMass);
    }

    /// <summary>Exponentially weighted mean with a smoothing factor per row.</summary>
    /// <param name="values">The series; NaN marks a missing value.</param>
    /// <param name="alpha">Smoothing factor in (0, 1].</param>
    /// <param name="minPeriods">Valid values needed before a result is given, at least 0.</param>
    /// <param name="destination">Receives one result per value; at least as long as <paramref name="values"/>.</param>
    /// <returns>The number of results written, <c>values.Length</c>.</returns>
    public static int Mean(ReadOnlySpan<double> values, double alpha, int minPeriods, Span<double> destination)
    {
        EwmState state = default;
        return Mean(values, alpha, minPeriods, destination, ref state);
    }

    /// <summary>Exponentially weighted mean with a smoothing factor per row, continuing from <paramref name="state"/>.</summary>
    /// <param name="values">The next values of the series; NaN marks a missing value.</param>
    /// <param name="alpha">Smoothing factor in (0, 1]; the same for every batch.</param>
    /// <param name="minPeriods">Valid values needed before a result is given, at least 0.</param>
    /// <param name="destination">Receives one result per value; at least as long as <paramref name="values"/>.</param>
    /// <param name="state">The state after the rows before (<c>default</c> for a new series); updated to after these rows.</param>
    /// <returns>The number of results written, <c>values.Length</c>.</returns>
    public static int Mean(ReadOnlySpan<double> values, double alpha, int minPeriods, Span<double> destination, ref EwmState state)
    {
        CheckAlpha(alpha);
        ArgumentOutOfRangeException.ThrowIfNegative(minPeriods);
        Rolling.CheckDestination(values.Length, destination.Length);
        double factor = 1 - alpha;
        for (int i = 0; i < values.Length; i++)
        {
            destination[i] = state.StepMean(values[i], factor, minPeriods);
        }

        return values.Length;
    }

    /// <summary>Exponentially weighted mean with weights halving every <paramref name="halfLife"/> of time.</summary>
    /// <param name="times">Strictly increasing times, one per value.</param>
    /// <param name="values">The series; NaN marks a missing value.</param>
    /// <param name="halfLife">Half-life in the unit of <paramref name="times"/>, at least 1.</param>
    /// <param name="minPeriods">Valid values needed before a result is given, at least 0.</param>
    /// <param name="destination">Receives one result per value; at least as long as <paramref name="values"/>.</param>
    /// <returns>The number of results written, <c>values.Length</c>.</returns>
    public static int Mean(ReadOnlySpan<long> times, ReadOnlySpan<double> values, long halfLife, int minPeriods, Span<double> destination)
    {
        EwmState state = default;
        return Mean(times, values, halfLife, minPeriods, destination, ref state);
    }

    /// <summary>Exponentially weighted mean with weights halving every <paramref name="halfLife"/>, continuing from <paramref name="state"/>.</summary>
    /// <param name="times">Strictly increasing times, one per value, after the state's last time.</param>
    /// <param name="values">The next values of the series; NaN marks a missing value.</param>
    /// <param name="halfLife">Half-life in the unit of <paramref name="times"/>, at least 1; the same for every batch.</param>
    /// <param name="minPeriods">Valid values needed before a result is given, at least 0.</param>
    /// <param name="destination">Receives one result per value; at least as long as <paramref name="values"/>.</param>
    /// <param name="state">The state after the rows before (<c>default</c> for a new series); updated to after these rows.</param>
    /// <returns>The number of results written, <c>values.Length</c>.</returns>
    public static int Mean(ReadOnlySpan<long> times, ReadOnlySpan<double> values, long halfLife, int minPeriods, Span<double> destination, ref EwmState state)
    {
        CheckTimed(times, values, halfLife, minPeriods, destination, state);
        for (int i = 0; i < values.Length; i++)
        {
            double factor = state.Rows == 0 ? 0.5 : Math.Pow(0.5, (double)(times[i] - state.LastTime) / halfLife);
            destination[i] = state.StepMean(values[i], factor, minPeriods);
            state.LastTime = times[i];
        }

        return values.Length;
    }

    /// <summary>Exponentially weighted (bias-corrected) variance with a smoothing factor per row.</summary>
    /// <inheritdoc cref="Mean(ReadOnlySpan{double}, double, int, Span{double})"/>
    public static int Variance(ReadOnlySpan<double> values, double alpha, int minPeriods, Span<double> destination)
    {
        EwmState state = default;
        return Variance(values, alpha, minPeriods, destination, ref state);
    }

    /// <summary>Exponentially weighted (bias-corrected) variance with a smoothing factor per row, continuing from <paramref name="state"/>.</summary>
    /// <inheritdoc cref="Mean(ReadOnlySpan{double}, double, int, Span{double}, ref EwmState)"/>
    public static int Variance(ReadOnlySpan<double> values, double alpha, int minPeriods, Span<double> destination, ref EwmState state)
    {
        CheckAlpha(alpha);
        ArgumentOutOfRangeException.ThrowIfNegative(minPeriods);
        Rolling.CheckDestination(values.Length, destination.Length);
        double factor = 1 - alpha;
        for (int i = 0; i < values.Length; i++)
        {
            destination[i] = state.StepVariance(values[i], factor, minPeriods);
        }

        return values.Length;
    }

    /// <summary>Exponentially weighted (bias-corrected) variance with weights halving every <paramref name="halfLife"/> of time.</summary>
    /// <inheritdoc cref="Mean(ReadOnlySpan{long}, ReadOnlySpan{double}, long, int, Span{double})"/>
    public static int Variance(ReadOnlySpan<long> times, ReadOnlySpan<double> values, long halfLife, int minPeriods, Span<double> destination)
    {
        EwmState state = default;
        return Variance(times, values, halfLife, minPeriods, destination, ref state);
    }

    /// <summary>Exponentially weighted (bias-corrected) variance with weights halving every <paramref name="halfLife"/>, continuing from <paramref name="state"/>.</summary>
    /// <inheritdoc cref="Mean(ReadOnlySpan{long}, ReadOnlySpan{double}, long, int, Span{double}, ref EwmState)"/>
    public static int Variance(ReadOnlySpan<long> times, ReadOnlySpan<double> values, long halfLife, int minPeriods, Span<double> destination, ref EwmState state)
    {
        CheckTimed(times, values, halfLife, minPeriods, destination, state);
        for (int i = 0; i < values.Length; i++)
        {
            double factor = state.Rows == 0 ? 0.5 : Math.Pow(0.5, (double)(times[i] - state.LastTime) / halfLife);
            destination[i] = state.StepVariance(values[i], factor, minPeriods);
            state.LastTime = times[i];
        }

        return values.Length;
    }

    private static void CheckAlpha(double alpha)
    {
        if (!(alpha > 0 && alpha <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(alpha), alpha, "The smoothing factor must be in (0, 1].");
        }
    }

    private static void CheckTimed(ReadOnlySpan<long> times, ReadOnlySpan<double> values, long halfLife, int minPeriods, Span<double> destination, in EwmState state)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(halfLife, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(minPeriods);
        Rolling.CheckTimes(times, values.Length);
        Rolling.CheckDestination(values.Length, destination.Length);
        if (state.Rows > 0 && times.Length > 0 && times[0] <= state.LastTime)
        {
            throw new ArgumentException($"Times must strictly increase, but times[0] = {times[0]} does not follow the state's last time {state.LastTime}.", nameof(times));
        }
    }
}
