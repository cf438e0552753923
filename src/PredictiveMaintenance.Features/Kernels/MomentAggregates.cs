namespace PredictiveMaintenance.Features;

/// <summary>
/// How one aggregate is computed from <see cref="Moments"/>. Implemented by empty structs so that the JIT compiles one
/// specialised loop per aggregate, with the unused sums folded away.
/// </summary>
internal interface IMomentAggregate
{
    // The flags default to "not needed"; an aggregate states only what it needs.

    /// <summary>Highest power sum of the values needed (0 to 4).</summary>
    static virtual int Powers => 0;

    /// <summary>Whether values are shifted by a constant taken from the data before summing, to avoid cancellation.</summary>
    static virtual bool Shifted => false;

    /// <summary>Whether <see cref="Moments"/> holds the mean and central sums rather than raw power sums (skewness, kurtosis).</summary>
    static virtual bool Central => false;

    /// <summary>Whether the min and max are needed.</summary>
    static virtual bool Extremes => false;

    /// <summary>Whether the sums against time are needed.</summary>
    static virtual bool Trend => false;

    /// <summary>Computes the statistic.</summary>
    /// <param name="m">The sums of the window's valid values minus <paramref name="shift"/>.</param>
    /// <param name="shift">The shift subtracted from each value.</param>
    /// <param name="minPeriods">Fewest valid values (rows, for count) that give a result.</param>
    /// <param name="rows">Rows in the window, valid or not.</param>
    /// <param name="timeScale">Time units per slope unit (1 for rows, microseconds per second for timestamps).</param>
    static abstract double Finish(in Moments m, double shift, int minPeriods, int rows, double timeScale);
}

/// <summary>The finishing formulas shared by the rolling and tumbling kernels.</summary>
internal static class MomentMath
{
    /// <summary>2^-52, the distance from 1 to the next double.</summary>
    internal const double MachineEpsilon = 2.220446049250313e-16;

    /// <summary>
    /// Whether a sum of squared deviations is rounding noise: below the error bound of summing <paramref name="n"/>
    /// squares (a few ulps each). Windows whose values are all equal so come out exactly as pandas 1.5 gives them
    /// (variance 0, skewness 0, kurtosis -3) instead of as noise divided by noise.
    /// </summary>
    public static bool IsFlat(double centralSquares, double rawSquares, double n) =>
        centralSquares <= rawSquares * n * 4 * MachineEpsilon;

    public static double Variance(in Moments m, int minPeriods)
    {
        double n = m.N;
        if (n < minPeriods || n < 2)
        {
            return double.NaN;
        }

        double centralSquares = m.S2 - (m.S1 * m.S1 / n);
        return IsFlat(centralSquares, m.S2, n) ? 0 : centralSquares / (n - 1);
    }
}

internal struct SumAggregate : IMomentAggregate
{
    public static int Powers => 1;

    public static double Finish(in Moments m, double shift, int minPeriods, int rows, double timeScale) =>
        m.N >= minPeriods ? m.S1 : double.NaN;
}

internal struct MeanAggregate : IMomentAggregate
{
    public static int Powers => 1;

    public static double Finish(in Moments m, double shift, int minPeriods, int rows, double timeScale) =>
        m.N >= minPeriods && m.N > 0 ? m.S1 / m.N : double.NaN;
}

internal struct VarianceAggregate : IMomentAggregate
{
    public static int Powers => 2;

    public static bool Shifted => true;

    public static double Finish(in Moments m, double shift, int minPeriods, int rows, double timeScale) =>
        MomentMath.Variance(m, minPeriods);
}

internal struct StandardDeviationAggregate : IMomentAggregate
{
    public static int Powers => 2;

    public static bool Shifted => true;

    public static double Finish(in Moments m, double shift, int minPeriods, int rows, double timeScale) =>
        Math.Sqrt(MomentMath.Variance(m, minPeriods));
}

internal struct MinAggregate : IMomentAggregate
{
    public static bool Extremes => true;

    public static double Finish(in Moments m, double shift, int minPeriods, int rows, double timeScale) =>
        m.N >= minPeriods && m.N > 0 ? m.Min : double.NaN;
}

internal struct MaxAggregate : IMomentAggregate
{
    public static bool Extremes => true;

    public static double Finish(in Moments m, double shift, int minPeriods, int rows, double timeScale) =>
        m.N >= minPeriods && m.N > 0 ? m.Max : double.NaN;
}

internal struct PeakToPeakAggregate : IMomentAggregate
{
    public static bool Extremes => true;

    public static double Finish(in Moments m, double shift, int minPeriods, int rows, double timeScale) =>
        m.N >= minPeriods && m.N > 0 ? m.Max - m.Min : double.NaN;
}

internal struct CountAggregate : IMomentAggregate
{
    public static double Finish(in Moments m, double shift, int minPeriods, int rows, double timeScale) =>
        rows >= minPeriods ? m.N : double.NaN;
}

internal struct RootMeanSquareAggregate : IMomentAggregate
{
    public static int Powers => 2;

    public static double Finish(in Moments m, double shift, int minPeriods, int rows, double timeScale) =>
        m.N >= minPeriods && m.N > 0 ? Math.Sqrt(m.S2 / m.N) : double.NaN;
}

internal struct SkewnessAggregate : IMomentAggregate
{
    public static int Powers => 3;

    public static bool Central => true;

    public static double Finish(in Moments m, double shift, int minPeriods, int rows, double timeScale)
    {
        double n = m.N;
        if (n < minPeriods || n < 3)
        {
            return double.NaN;
        }

        // Exact zero: equal values leave every central sum at 0 in the online update and the merge.
        if (m.S2 <= 0)
        {
            return 0;
        }

        double b = m.S2 / n;
        double c = m.S3 / n;
        double r = Math.Sqrt(b);
        return Math.Sqrt(n * (n - 1)) * c / ((n - 2) * r * r * r);
    }
}

internal struct KurtosisAggregate : IMomentAggregate
{
    public static int Powers => 4;

    public static bool Central => true;

    public static double Finish(in Moments m, double shift, int minPeriods, int rows, double timeScale)
    {
        double n = m.N;
        if (n < minPeriods || n < 4)
        {
            return double.NaN;
        }

        if (m.S2 <= 0)
        {
            return -3;
        }

        double b = m.S2 / n;
        double d = m.S4 / n;
        double k = ((n * n) - 1) * d / (b * b) - (3 * (n - 1) * (n - 1));
        return k / ((n - 2) * (n - 3));
    }
}

internal struct SlopeAggregate : IMomentAggregate
{
    public static int Powers => 1;

    public static bool Shifted => true;

    public static bool Trend => true;

    public static double Finish(in Moments m, double shift, int minPeriods, int rows, double timeScale)
    {
        double n = m.N;
        if (n < minPeriods || n < 2)
        {
            return double.NaN;
        }

        double stt = m.T2 - (m.T1 * m.T1 / n);
        return stt > 0 ? (m.TX - (m.T1 * m.S1 / n)) / stt * timeScale : double.NaN;
    }
}
