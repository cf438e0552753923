namespace PredictiveMaintenance.Features.Tests.Kernels;

/// <summary>Seeded random series for the kernel tests.</summary>
internal static class Samples
{
    public static readonly Aggregate[] AllAggregates =
    [
        Aggregate.Sum, Aggregate.Mean, Aggregate.Variance, Aggregate.StandardDeviation, Aggregate.Min, Aggregate.Max,
        Aggregate.Median, Aggregate.Quantile(0.1), Aggregate.Quantile(0.9), Aggregate.Count, Aggregate.RootMeanSquare,
        Aggregate.PeakToPeak, Aggregate.Skewness, Aggregate.Kurtosis, Aggregate.Slope,
    ];

    /// <summary>Values in [-50, 150) with a fraction NaN; some runs repeat a value so windows can be flat.</summary>
    public static double[] Series(int length, double nanFraction, int seed)
    {
        var random = new Random(seed);
        double[] values = new double[length];
        for (int i = 0; i < length; i++)
        {
            values[i] = random.NextDouble() < nanFraction ? double.NaN
                : i > 0 && random.NextDouble() < 0.1 ? values[i - 1]
                : Math.Round((random.NextDouble() * 200) - 50, 3);
        }

        return values;
    }

    /// <summary>Strictly increasing irregular times (microseconds): gaps of 1 s to 3 h, some exactly 1 h.</summary>
    public static long[] Times(int length, int seed)
    {
        var random = new Random(seed);
        long[] times = new long[length];
        long time = 1_420_070_400_000_000 + random.NextInt64(UnixTime.MicrosecondsPerDay);
        for (int i = 0; i < length; i++)
        {
            time += random.NextDouble() < 0.3 ? UnixTime.MicrosecondsPerHour : 1 + random.NextInt64(3 * UnixTime.MicrosecondsPerHour);
            times[i] = time;
        }

        return times;
    }

    public static void AssertClose(double[] expected, double[] actual, double tolerance, string context)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++)
        {
            double e = expected[i];
            double a = actual[i];
            bool ok = double.IsNaN(e) ? double.IsNaN(a) : e == a || Math.Abs(e - a) <= tolerance * Math.Max(1, Math.Abs(e));
            Assert.True(ok, $"{context}: row {i} expected {e:R}, got {a:R}");
        }
    }
}
