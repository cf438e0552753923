using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;

namespace PredictiveMaintenance.Benchmarks;

/// <summary>Runs the benchmark process on one core (CPU affinity 1), for targets stated per core, and reports medians (the machine is shared and noisy).</summary>
public sealed class SingleCoreConfig : ManualConfig
{
    /// <summary>The default job, pinned to the first core.</summary>
    public SingleCoreConfig()
    {
        AddJob(Job.Default.WithAffinity(1).WithId("OneCore"));
        AddColumn(StatisticColumn.Median);
    }
}
