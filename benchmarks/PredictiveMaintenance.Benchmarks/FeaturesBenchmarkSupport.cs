using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Engines;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using DuckDB.NET.Data;
using PredictiveMaintenance.Features;

namespace PredictiveMaintenance.Benchmarks;

/// <summary>
/// The job of the Features benchmarks: each operation takes tens of milliseconds to seconds, so single invocations are
/// measured (monitoring strategy) rather than unrolled by a pilot stage; nine iterations give a median.
/// </summary>
public sealed class FeaturesConfig : ManualConfig
{
    public FeaturesConfig()
    {
        // In process: a generated runner project would sit under benchmarks/ and inherit the repository's build
        // rules (documentation required, warnings as errors), which generated code does not meet.
        AddJob(Job.Default
            .WithStrategy(RunStrategy.Monitoring)
            .WithLaunchCount(1)
            .WithWarmupCount(2)
            .WithIterationCount(9)
            .WithToolchain(InProcessEmitToolchain.Instance)
            .WithId("Features"));
        AddColumn(StatisticColumn.Median);
        HideColumns("Error", "StdDev", "RatioSD");
    }
}

/// <summary>
/// Shared setup of the Features benchmarks: seeded data, the naive O(n·w) reference, DuckDB loading and the job.
/// </summary>
/// <remarks>
/// Everything is single-threaded: DuckDB runs with <c>threads=1</c> and <see cref="FeatureComputer"/> with one degree
/// of parallelism.
/// </remarks>
internal static class FeaturesBenchmarkSupport
{
    /// <summary>Sensor-like readings: a level near 170 with unit-scale noise, seeded.</summary>
    public static double[] Readings(int length, int seed)
    {
        var random = new Random(seed);
        double[] values = new double[length];
        for (int i = 0; i < length; i++)
        {
            values[i] = 170 + (random.NextDouble() * 30);
        }

        return values;
    }

    public static Aggregate Parse(string statistic) => statistic switch
    {
        "sum" => Aggregate.Sum,
        "mean" => Aggregate.Mean,
        "std" => Aggregate.StandardDeviation,
        "min" => Aggregate.Min,
        "max" => Aggregate.Max,
        "median" => Aggregate.Median,
        _ => throw new ArgumentOutOfRangeException(nameof(statistic), statistic, null),
    };

    /// <summary>The textbook kernel: every window summed, scanned or sorted from scratch (O(n·w)).</summary>
    public static void Naive(string statistic, ReadOnlySpan<double> values, int window, Span<double> destination)
    {
        Span<double> scratch = stackalloc double[window];
        for (int i = 0; i < values.Length; i++)
        {
            if (i < window - 1)
            {
                destination[i] = double.NaN;
                continue;
            }

            ReadOnlySpan<double> w = values.Slice(i - window + 1, window);
            double result;
            switch (statistic)
            {
                case "sum":
                case "mean":
                    result = 0;
                    foreach (double v in w)
                    {
                        result += v;
                    }

                    result = statistic == "mean" ? result / window : result;
                    break;
                case "std":
                    double mean = 0;
                    foreach (double v in w)
                    {
                        mean += v;
                    }

                    mean /= window;
                    double squares = 0;
                    foreach (double v in w)
                    {
                        squares += (v - mean) * (v - mean);
                    }

                    result = Math.Sqrt(squares / (window - 1));
                    break;
                case "min":
                    result = double.PositiveInfinity;
                    foreach (double v in w)
                    {
                        result = Math.Min(result, v);
                    }

                    break;
                case "max":
                    result = double.NegativeInfinity;
                    foreach (double v in w)
                    {
                        result = Math.Max(result, v);
                    }

                    break;
                default:
                    w.CopyTo(scratch);
                    scratch.Sort();
                    result = (window & 1) == 1 ? scratch[window / 2] : (scratch[(window / 2) - 1] + scratch[window / 2]) / 2;
                    break;
            }

            destination[i] = result;
        }
    }

    /// <summary>Throws unless two results agree to 1e-9 relative (NaN equal to NaN): benchmarks must compute the same thing.</summary>
    public static void AssertSame(string what, ReadOnlySpan<double> expected, ReadOnlySpan<double> actual)
    {
        if (expected.Length != actual.Length)
        {
            throw new InvalidOperationException($"{what}: {actual.Length} results, expected {expected.Length}.");
        }

        for (int i = 0; i < expected.Length; i++)
        {
            double e = expected[i];
            double a = actual[i];
            if (double.IsNaN(e) ? !double.IsNaN(a) : Math.Abs(e - a) > 1e-9 * Math.Max(1, Math.Abs(e)))
            {
                throw new InvalidOperationException($"{what}: row {i} is {a:R}, expected {e:R}.");
            }
        }
    }

    /// <summary>An in-memory DuckDB on one thread holding <c>t(asset INTEGER, i BIGINT, time TIMESTAMP, x DOUBLE)</c>.</summary>
    public static DuckDBConnection OpenDuckDb(IReadOnlyList<(int Asset, long Row, long Time, double Value)> rows)
    {
        var connection = new DuckDBConnection("Data Source=:memory:");
        connection.Open();
        Execute(connection, "PRAGMA threads=1");
        Execute(connection, "CREATE TABLE t(asset INTEGER, i BIGINT, time TIMESTAMP, x DOUBLE)");
        using (DuckDBAppender appender = connection.CreateAppender("t"))
        {
            foreach ((int asset, long row, long time, double value) in rows)
            {
                appender.CreateRow().AppendValue(asset).AppendValue(row).AppendValue(UnixTime.ToDateTime(time)).AppendValue(value).EndRow();
            }
        }

        return connection;
    }

    /// <summary>Runs a query returning one DOUBLE column and copies it out (materialising the result, as the kernels do).</summary>
    public static int Query(DuckDBConnection connection, string sql, Span<double> destination)
    {
        using DuckDBCommand command = connection.CreateCommand();
        command.CommandText = sql;
        using var reader = command.ExecuteReader();
        int n = 0;
        while (reader.Read())
        {
            destination[n++] = reader.IsDBNull(0) ? double.NaN : reader.GetDouble(0);
        }

        return n;
    }

    private static void Execute(DuckDBConnection connection, string sql)
    {
        using DuckDBCommand command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
