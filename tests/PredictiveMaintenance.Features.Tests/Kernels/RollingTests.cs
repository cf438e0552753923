using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace PredictiveMaintenance.Features.Tests.Kernels;

[Trait("Category", "Kernels")]
public class RollingTests
{
    public static TheoryData<int, double> Lengths()
    {
        var data = new TheoryData<int, double>();
        foreach (int length in new[] { 0, 1, 2, 3, 4, 5, 7, 8, 9, 63, 64, 65, 130, 1000 })
        {
            foreach (double nanFraction in new[] { 0.0, 0.25, 1.0 })
            {
                data.Add(length, nanFraction);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Lengths))]
    public void Compute_RowWindow_MatchesNaiveReference(int length, double nanFraction)
    {
        double[] values = Samples.Series(length, nanFraction, seed: length * 31 + (int)(nanFraction * 100));
        foreach (int window in new[] { 1, 2, 3, 4, 5, 8, 17, 64 })
        {
            foreach (int minPeriods in new[] { 0, 1, (window + 1) / 2, window }.Distinct())
            {
                foreach (Aggregate aggregate in Samples.AllAggregates)
                {
                    double[] expected = NaiveReference.Rolling(aggregate, values, window, minPeriods);
                    double[] actual = Rolling.Compute(aggregate, values, window, minPeriods);
                    Samples.AssertClose(expected, actual, 1e-9, $"{aggregate} window {window} minPeriods {minPeriods}");
                }
            }
        }
    }

    [Theory]
    [MemberData(nameof(Lengths))]
    public void Compute_TimeWindow_MatchesNaiveReference(int length, double nanFraction)
    {
        double[] values = Samples.Series(length, nanFraction, seed: length * 17 + (int)(nanFraction * 100));
        long[] times = Samples.Times(length, seed: length);
        foreach (long span in new[] { 1L, UnixTime.MicrosecondsPerHour, 3 * UnixTime.MicrosecondsPerHour, UnixTime.MicrosecondsPerDay })
        {
            foreach (int minPeriods in new[] { 0, 1, 3 })
            {
                foreach (Aggregate aggregate in Samples.AllAggregates)
                {
                    double[] expected = NaiveReference.Rolling(aggregate, times, values, span, minPeriods);
                    double[] actual = Rolling.Compute(aggregate, times, values, span, minPeriods);
                    Samples.AssertClose(expected, actual, 1e-9, $"{aggregate} span {span} minPeriods {minPeriods}");
                }
            }
        }
    }

    [Property(MaxTest = 200)]
    public Property Compute_RandomSeries_MatchesNaiveReference()
    {
        Gen<(int Length, int Window, int Seed, int Aggregate)> cases =
            from length in Gen.Choose(0, 300)
            from window in Gen.Choose(1, 80)
            from seed in Gen.Choose(0, int.MaxValue)
            from aggregate in Gen.Choose(0, Samples.AllAggregates.Length - 1)
            select (length, window, seed, aggregate);
        return Prop.ForAll(cases.ToArbitrary(), c =>
        {
            double[] values = Samples.Series(c.Length, 0.1, c.Seed);
            Aggregate aggregate = Samples.AllAggregates[c.Aggregate];
            int minPeriods = c.Seed % (c.Window + 1);
            Samples.AssertClose(
                NaiveReference.Rolling(aggregate, values, c.Window, minPeriods),
                Rolling.Compute(aggregate, values, c.Window, minPeriods),
                1e-9,
                $"{aggregate} length {c.Length} window {c.Window} minPeriods {minPeriods} seed {c.Seed}");
        });
    }

    [Theory]
    [InlineData(AggregateKind.Sum)]
    [InlineData(AggregateKind.Mean)]
    [InlineData(AggregateKind.Variance)]
    [InlineData(AggregateKind.StandardDeviation)]
    [InlineData(AggregateKind.Min)]
    [InlineData(AggregateKind.Max)]
    public void Compute_VectorPath_EqualsGeneralPathBitForBit(AggregateKind kind)
    {
        foreach (int length in new[] { 1, 3, 4, 5, 64, 65, 1001 })
        {
            double[] values = Samples.Series(length, 0, seed: length);
            foreach (int window in new[] { 2, 3, 4, 7, 64 })
            {
                double[] fast = new double[length];
                double[] general = new double[length];
                Assert.True(VectorPaths.TryCompute(kind, values, window, window / 2, 0, fast));
                Rolling.Dispatch(new RowGeometry(length, window, 0), Aggregate.Of(kind), values, window / 2, general);
                Assert.Equal(general, fast);
            }
        }
    }

    [Fact]
    public void Variance_LargeOffset_MatchesTwoPassWithin1e9Relative()
    {
        var random = new Random(42);
        double[] values = [.. Enumerable.Range(0, 100_000).Select(_ => 1e9 + random.NextDouble() - 0.5)];
        const int Window = 64;
        double[] actual = new double[values.Length];
        Rolling.Variance(values, Window, Window, actual);
        double worst = 0;
        for (int i = Window - 1; i < values.Length; i++)
        {
            ReadOnlySpan<double> window = values.AsSpan(i - Window + 1, Window);
            double mean = 0;
            foreach (double v in window)
            {
                mean += v;
            }

            mean /= Window;
            double squares = 0;
            foreach (double v in window)
            {
                squares += (v - mean) * (v - mean);
            }

            worst = Math.Max(worst, Math.Abs(actual[i] - (squares / (Window - 1))) / (squares / (Window - 1)));
        }

        Assert.True(worst < 1e-9, $"worst relative error {worst:E3}");
    }

    [Fact]
    public void Compute_ConstantWindow_GivesPandasDegenerateValues()
    {
        double[] values = [3.25, 3.25, 3.25, 3.25, 3.25];
        Assert.Equal([double.NaN, 0, 0, 0, 0], Rolling.Compute(Aggregate.Variance, values, 4, 1));
        Assert.Equal([double.NaN, double.NaN, 0, 0, 0], Rolling.Compute(Aggregate.Skewness, values, 4, 1));
        Assert.Equal([double.NaN, double.NaN, double.NaN, -3, -3], Rolling.Compute(Aggregate.Kurtosis, values, 4, 1));
    }

    [Fact]
    public void Mean_HandWorkedExample_SkipsNaNAndAppliesMinPeriods()
    {
        double[] values = [1, double.NaN, 3, 5, double.NaN, double.NaN, double.NaN];
        double[] result = new double[values.Length];
        int written = Rolling.Mean(values, 3, 2, result);
        Assert.Equal(7, written);
        Assert.Equal([double.NaN, double.NaN, 2, 4, 4, double.NaN, double.NaN], result);
    }

    [Fact]
    public void Compute_TimeWindow_ExcludesRowExactlySpanBefore()
    {
        long hour = UnixTime.MicrosecondsPerHour;
        long[] times = [0, hour, 2 * hour, (2 * hour) + 1];
        double[] values = [1, 2, 4, 8];
        Assert.Equal([1, 3, 6, 14], Rolling.Compute(Aggregate.Sum, times, values, 2 * hour, 1));
    }

    [Fact]
    public void Compute_Arguments_AreChecked()
    {
        double[] values = [1, 2, 3];
        Assert.Throws<ArgumentOutOfRangeException>("window", () => Rolling.Compute(Aggregate.Mean, values, 0, 0));
        Assert.Throws<ArgumentOutOfRangeException>("minPeriods", () => Rolling.Compute(Aggregate.Mean, values, 2, 3));
        var shortDestination = Assert.Throws<ArgumentException>("destination", () => Rolling.Mean(values, 2, 1, new double[2]));
        Assert.StartsWith("The destination holds 2 values; 3 are needed.", shortDestination.Message, StringComparison.Ordinal);
        var unsorted = Assert.Throws<ArgumentException>("times", () => Rolling.Compute(Aggregate.Mean, [1L, 3, 3], values, 5, 1));
        Assert.StartsWith("Times must strictly increase, but times[2] = 3 follows times[1] = 3.", unsorted.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Compute_Grouped_RestartsWindowAtEachSeries()
    {
        double[] values = [1, 2, 3, 10, 20, 5];
        int[] offsets = [0, 3, 3, 5, 6];
        double[] result = new double[values.Length];
        Rolling.Compute(Aggregate.Sum, values, offsets, 2, 1, result);
        Assert.Equal([1, 3, 5, 10, 30, 5], result);
    }
}
