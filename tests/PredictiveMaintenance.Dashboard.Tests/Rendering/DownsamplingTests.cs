using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace PredictiveMaintenance.Dashboard.Tests.Rendering;

public sealed class DownsamplingTests
{
    [Fact]
    public void SelectM4_HandWorkedSeries_KeepsFirstMinMaxLastPerBucketAndBreaksAtEmptyBuckets()
    {
        long[] times = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11];
        double[] values = [5, 1, 9, 4, 3, 7, double.NaN, double.NaN, double.NaN, 2, 8, 6];
        var selection = new List<int>();

        // Buckets of width 3: [0,3) [3,6) [6,9) [9,12).
        Downsampling.SelectM4(times, values, 0, 12, 4, selection);

        Assert.Equal([0, 1, 2, 3, 4, 5, Downsampling.Gap, 9, 10, 11], selection);
    }

    [Fact]
    public void SelectM4_LongSeries_KeepsAtMostFourRowsPerBucketAndTheExtremes()
    {
        long[] times = [.. Enumerable.Range(0, 2160).Select(i => (long)i)];
        double[] values = [.. times.Select(t => Math.Sin(t / 24.0) + (t == 1234 ? 10 : 0) - (t == 77 ? 10 : 0))];
        var selection = new List<int>();

        Downsampling.SelectM4(times, values, 0, 2159, 300, selection);

        Assert.InRange(selection.Count, 300, 1200);
        Assert.Contains(1234, selection);
        Assert.Contains(77, selection);
        Assert.Equal(0, selection[0]);
        Assert.Equal(2159, selection[^1]);
    }

    [Fact]
    public void SelectM4_EmptyAndAllMissing_SelectsNothing()
    {
        var selection = new List<int> { 42 };
        Downsampling.SelectM4([], [], 0, 10, 5, selection);
        Assert.Empty(selection);

        Downsampling.SelectM4([1, 2, 3], [double.NaN, double.PositiveInfinity, double.NaN], 0, 10, 5, selection);
        Assert.Empty(selection);
    }

    [Property(MaxTest = 300)]
    public Property SelectM4_AnySeries_MatchesBucketByBucketReference() =>
        Prop.ForAll(
            Gen.Choose(0, 400).SelectMany(n => Gen.Choose(1, 60).SelectMany(buckets => Gen.Choose(0, 7).ArrayOf(n).Select(gaps => (gaps, buckets)))).ToArbitrary(),
            input =>
            {
                (int[] steps, int buckets) = input;
                var times = new long[steps.Length];
                var values = new double[steps.Length];
                var random = new Random(steps.Length * 31 + buckets);
                for (int i = 0; i < steps.Length; i++)
                {
                    times[i] = (i == 0 ? 0 : times[i - 1]) + 1 + steps[i];
                    values[i] = random.Next(10) == 0 ? double.NaN : Math.Round(random.NextDouble() * 100, 1);
                }

                long from = 0, to = times.Length == 0 ? 1 : times[^1];
                var selection = new List<int>();
                Downsampling.SelectM4(times, values, from, to, buckets, selection);
                return selection.SequenceEqual(Reference(times, values, from, to, buckets));
            });

    /// <summary>The selection rule stated plainly: group rows by bucket, keep the first, lowest, highest and last finite rows, break where a bucket has rows but none finite.</summary>
    private static List<int> Reference(long[] times, double[] values, long from, long to, int buckets)
    {
        double width = Math.Max(1.0, to - from) / buckets;
        var result = new List<int>();
        foreach (IGrouping<int, int> bucket in Enumerable.Range(0, times.Length).GroupBy(i => (int)Math.Clamp(Math.Floor((times[i] - from) / width), 0, buckets - 1)))
        {
            int[] finite = [.. bucket.Where(i => double.IsFinite(values[i]))];
            if (finite.Length == 0)
            {
                if (result.Count > 0 && result[^1] != Downsampling.Gap)
                {
                    result.Add(Downsampling.Gap);
                }

                continue;
            }

            int min = finite.OrderBy(i => values[i]).ThenBy(i => i).First();
            int max = finite.OrderByDescending(i => values[i]).ThenBy(i => i).First();
            result.AddRange(new[] { finite[0], min, max, finite[^1] }.Distinct().Order());
        }

        if (result.Count > 0 && result[^1] == Downsampling.Gap)
        {
            result.RemoveAt(result.Count - 1);
        }

        return result;
    }
}
