namespace PredictiveMaintenance.Features.Tests.Kernels;

[Trait("Category", "Kernels")]
public class TumblingTests
{
    [Theory]
    [InlineData(0, 0.0)]
    [InlineData(1, 0.0)]
    [InlineData(1, 1.0)]
    [InlineData(9, 0.2)]
    [InlineData(300, 0.0)]
    [InlineData(300, 0.3)]
    public void Compute_TimeBuckets_MatchesNaiveReference(int length, double nanFraction)
    {
        double[] values = Samples.Series(length, nanFraction, seed: length + 5);
        long[] times = Samples.Times(length, seed: length + 6);
        foreach ((long width, long origin) in new[] { (UnixTime.MicrosecondsPerHour, 0L), (3 * UnixTime.MicrosecondsPerHour, 0L), (UnixTime.MicrosecondsPerDay, 6 * UnixTime.MicrosecondsPerHour + 17) })
        {
            // Naive grouping: each row's bucket start by floor division written out with doubles' sign check.
            var groups = times.Select((t, i) => (Start: origin + (long)Math.Floor((t - origin) / (double)width) * width, Row: i)).GroupBy(g => g.Start).ToArray();
            Assert.Equal(groups.Length, Tumbling.CountBuckets(times, width, origin));
            foreach (int minPeriods in new[] { 0, 1, 3 })
            {
                foreach (Aggregate aggregate in Samples.AllAggregates)
                {
                    long[] starts = new long[groups.Length];
                    double[] actual = new double[groups.Length];
                    int written = Tumbling.Compute(aggregate, times, values, width, origin, minPeriods, starts, actual);
                    Assert.Equal(groups.Length, written);
                    Assert.Equal(groups.Select(g => g.Key), starts);
                    double[] expected = [.. groups.Select(g =>
                    {
                        int[] rows = [.. g.Select(x => x.Row)];
                        return NaiveReference.Statistic(aggregate, [.. rows.Select(r => values[r])], [.. rows.Select(r => (double)(times[r] - times[rows[0]]))], minPeriods, 1e6);
                    })];
                    Samples.AssertClose(expected, actual, 1e-9, $"{aggregate} width {width} minPeriods {minPeriods}");
                }
            }
        }
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(64)]
    [InlineData(301)]
    public void Compute_RowBuckets_MatchesNaiveReference(int length)
    {
        double[] values = Samples.Series(length, 0.2, seed: length);
        foreach (int rows in new[] { 1, 4, 64 })
        {
            foreach (Aggregate aggregate in Samples.AllAggregates)
            {
                double[] actual = new double[(length + rows - 1) / rows];
                Assert.Equal(actual.Length, Tumbling.Compute(aggregate, values, rows, 1, actual));
                double[] expected = [.. values.Chunk(rows).Select(chunk => NaiveReference.Statistic(aggregate, chunk, [.. Enumerable.Range(0, chunk.Length).Select(i => (double)i)], 1, 1))];
                Samples.AssertClose(expected, actual, 1e-9, $"{aggregate} rows {rows}");
            }
        }
    }

    [Fact]
    public void Compute_NegativeTimes_BucketsByFloor()
    {
        long[] times = [-5, -1, 0, 4];
        double[] values = [1, 2, 3, 4];
        long[] starts = new long[3];
        double[] sums = new double[3];
        Assert.Equal(2, Tumbling.Compute(Aggregate.Sum, times, values, 5, 0, 0, starts, sums));
        Assert.Equal([-5L, 0], starts[..2]);
        Assert.Equal([3.0, 7], sums[..2]);
    }

    [Fact]
    public void Compute_ShortDestination_ThrowsNamingSizes()
    {
        var error = Assert.Throws<ArgumentException>("bucketStarts", () => Tumbling.Compute(Aggregate.Mean, [0L, 10], [1.0, 2], 5, 0, 0, new long[1], new double[2]));
        Assert.StartsWith("The destination holds 1 values; 2 are needed.", error.Message, StringComparison.Ordinal);
    }
}
