using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;

namespace PredictiveMaintenance.Benchmarks;

/// <summary>
/// Runs the benchmark process on one core (CPU affinity 1), for targets stated per core, and reports medians (the
/// machine is shared and noisy). At most 30 iterations, so slow competitors (seconds per operation) finish in minutes.
/// </summary>
public sealed class SingleCoreConfig : ManualConfig
{
    /// <summary>The default job, pinned to the first core.</summary>
    public SingleCoreConfig()
    {
        AddJob(Job.Default.WithAffinity(1).WithMinIterationCount(10).WithMaxIterationCount(30).WithId("OneCore"));
        AddColumn(StatisticColumn.Median);
    }
}
