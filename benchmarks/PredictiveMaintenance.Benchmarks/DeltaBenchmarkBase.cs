using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;

namespace PredictiveMaintenance.Benchmarks;

/// <summary>
/// What the Delta benchmark classes share: one core (<see cref="SingleCoreConfig"/>), memory columns, a table per category
/// (each compared with its own baseline), and the tables' sizes: the telemetry table's fleet and the log-replay tables' commits.
/// </summary>
[MemoryDiagnoser]
[Config(typeof(SingleCoreConfig))]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
[CategoriesColumn]
public abstract class DeltaBenchmarkBase
{
    /// <summary>Machines of the fleet; 100 is the full size (876,100 rows).</summary>
    [Params(AzureTelemetryGenerator.Machines)]
    [CheckSize(2)]
    public int Machines { get; set; }

    /// <summary>Commits of the log-replay tables.</summary>
    [Params(1000)]
    [CheckSize(20)]
    public int ReplayCommits { get; set; }
}
