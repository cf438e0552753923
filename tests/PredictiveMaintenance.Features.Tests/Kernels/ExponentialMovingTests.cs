namespace PredictiveMaintenance.Features.Tests.Kernels;

[Trait("Category", "Kernels")]
public class ExponentialMovingTests
{
    public static TheoryData<int, double> Cases() => new()
    {
        { 0, 0.0 }, { 1, 0.0 }, { 1, 1.0 }, { 2, 0.5 }, { 5, 0.0 }, { 200, 0.0 }, { 200, 0.3 },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void MeanAndVariance_RowDecay_MatchNaiveWeightedSums(int length, double nanFraction)
    {
        double[] values = Samples.Series(length, nanFraction, seed: length + 11);
        foreach (double alpha in new[] { 0.05, 0.5, 0.95 })
        {
            foreach (int minPeriods in new[] { 0, 1, 4 })
            {
                double[] mean = new double[length];
                double[] variance = new double[length];
                Assert.Equal(length, ExponentialMoving.Mean(values, alpha, minPeriods, mean));
                Assert.Equal(length, ExponentialMoving.Variance(values, alpha, minPeriods, variance));
                (double[] expectedMean, double[] expectedVariance) = Naive(values, (i, j) => Math.Pow(1 - alpha, i - j), minPeriods);
                Samples.AssertClose(expectedMean, mean, 1e-9, $"mean alpha {alpha} minPeriods {minPeriods}");
                Samples.AssertClose(expectedVariance, variance, 1e-8, $"variance alpha {alpha} minPeriods {minPeriods}");
            }
        }
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void MeanAndVariance_TimeHalfLife_MatchNaiveWeightedSums(int length, double nanFraction)
    {
        double[] values = Samples.Series(length, nanFraction, seed: length + 12);
        long[] times = Samples.Times(length, seed: length + 13);
        long halfLife = 2 * UnixTime.MicrosecondsPerHour;
        double[] mean = new double[length];
        double[] variance = new double[length];
        ExponentialMoving.Mean(times, values, halfLife, 1, mean);
        ExponentialMoving.Variance(times, values, halfLife, 1, variance);
        (double[] expectedMean, double[] expectedVariance) = Naive(values, (i, j) => Math.Pow(0.5, (times[i] - times[j]) / (double)halfLife), 1);
        Samples.AssertClose(expectedMean, mean, 1e-9, "mean");
        Samples.AssertClose(expectedVariance, variance, 1e-8, "variance");
    }

    [Fact]
    public void Mean_StateAcrossBatches_EqualsOneCallBitForBit()
    {
        double[] values = Samples.Series(100, 0.2, seed: 4);
        long[] times = Samples.Times(100, seed: 5);
        double[] whole = new double[100];
        ExponentialMoving.Variance(times, values, UnixTime.MicrosecondsPerHour, 2, whole);
        double[] pieces = new double[100];
        EwmState state = default;
        foreach (Range part in new[] { 0..0, 0..1, 1..37, 37..38, 38..100 })
        {
            ExponentialMoving.Variance(times.AsSpan(part), values.AsSpan(part), UnixTime.MicrosecondsPerHour, 2, pieces.AsSpan(part), ref state);
        }

        Assert.Equal(whole, pieces);
        Assert.Equal(100, state.Rows);
        Assert.Equal(times[^1], state.LastTime);
    }

    [Theory]
    [InlineData(9.0, 0.2)]
    [InlineData(1.0, 1.0)]
    public void AlphaFromSpan_IsPandasFormula(double span, double alpha) => Assert.Equal(alpha, ExponentialMoving.AlphaFromSpan(span), 15);

    [Fact]
    public void AlphaFromHalfLife_HalvesWeightAfterHalfLife() => Assert.Equal(0.5, Math.Pow(1 - ExponentialMoving.AlphaFromHalfLife(3), 3), 15);

    [Fact]
    public void Mean_InvalidAlpha_Throws()
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>("alpha", () => ExponentialMoving.Mean([1.0], 0, 0, new double[1]));
        Assert.StartsWith("The smoothing factor must be in (0, 1].", error.Message, StringComparison.Ordinal);
    }

    /// <summary>pandas' definition written out: weighted sums over all earlier valid values (adjust=True, bias=False).</summary>
    private static (double[] Mean, double[] Variance) Naive(double[] values, Func<int, int, double> weight, int minPeriods)
    {
        double[] mean = new double[values.Length];
        double[] variance = new double[values.Length];
        for (int i = 0; i < values.Length; i++)
        {
            int[] valid = [.. Enumerable.Range(0, i + 1).Where(j => !double.IsNaN(values[j]))];
            if (valid.Length == 0 || valid.Length < minPeriods)
            {
                mean[i] = variance[i] = double.NaN;
                continue;
            }

            double[] w = [.. valid.Select(j => weight(i, j))];
            double sum = w.Sum();
            double m = valid.Select((j, k) => w[k] * values[j]).Sum() / sum;
            mean[i] = m;
            double biased = valid.Select((j, k) => w[k] * (values[j] - m) * (values[j] - m)).Sum() / sum;
            double squares = w.Sum(x => x * x);
            variance[i] = (sum * sum) - squares > 1e-12 * sum * sum ? biased * sum * sum / ((sum * sum) - squares) : double.NaN;
        }

        return (mean, variance);
    }
}
