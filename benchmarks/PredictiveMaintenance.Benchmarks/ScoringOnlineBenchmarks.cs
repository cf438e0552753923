using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using PredictiveMaintenance.Scoring;

namespace PredictiveMaintenance.Benchmarks;

/// <summary>
/// Online scoring of one reading with the model of <see cref="ScoringBenchmarks"/> (8 rolling 24-hour features, 100
/// trees): the cost and the allocation per call once the asset's windows are full, against scoring the same reading
/// through the batch path (a one-row table from the asset's last day, features, detector), and a hundred assets' readings
/// of one hour, the in-process side of a 100-reading request to <c>pdm serve</c> (benchmarks/peers/serving-wrk.sh).
/// </summary>
[MemoryDiagnoser]
[Config(typeof(OnlineConfig))]
public class ScoringOnlineBenchmarks
{
    private string _folder = null!;
    private ModelScorer _scorer = null!;
    private TelemetryTable _lastDay = null!;
    private double[] _reading = [];
    private long _time;
    private string[] _fleet = [];
    private long _fleetTime;

    [GlobalSetup]
    public void Setup()
    {
        TelemetryTable telemetry = AzureTelemetryGenerator.Table(12);
        (_folder, _scorer) = ScoringSetup.LoadAsync(telemetry).GetAwaiter().GetResult();
        _lastDay = telemetry.SelectAssets(["1"]);
        Range day = ^25..;
        var builder = new TelemetryTableBuilder(telemetry.Schema);
        (int first, int length) = day.GetOffsetAndLength(_lastDay.RowCount);
        for (int row = first; row < first + length; row++)
        {
            builder.Add("1", _lastDay.Times[row], [.. Enumerable.Range(0, 4).Select(c => _lastDay.GetChannel(c)[row])]);
        }

        _lastDay = builder.Build();
        _reading = [.. Enumerable.Range(0, 4).Select(c => _lastDay.GetChannel(c)[^1])];

        // Warm the asset's windows with two days of readings, as a long-running scorer has them.
        _time = telemetry.Times[0];
        for (int i = 0; i < 48; i++)
        {
            _time += UnixTime.MicrosecondsPerHour;
            _scorer.ScoreReading("1", _time, _reading);
        }

        _fleet = [.. Enumerable.Range(1, 100).Select(a => $"fleet-{a}")];
        _fleetTime = telemetry.Times[0];
        for (int i = 0; i < 48; i++)
        {
            ScoreFleetHour();
        }
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _scorer.Dispose();
        Directory.Delete(_folder, recursive: true);
    }

    [Benchmark]
    public OnlinePrediction ScoreReading()
    {
        _time += UnixTime.MicrosecondsPerHour;
        return _scorer.ScoreReading("1", _time, _reading);
    }

    /// <summary>One reading of each of 100 assets at the next hour, as one 100-reading request carries them.</summary>
    [Benchmark]
    public OnlinePrediction ScoreHundredReadings() => ScoreFleetHour();

    /// <summary>The reading scored by batch scoring of the asset's last 25 hours, taking the last row.</summary>
    [Benchmark(Baseline = true)]
    public double BatchOfTheLastDay() => _scorer.Score(_lastDay).Values[^1];

    private OnlinePrediction ScoreFleetHour()
    {
        _fleetTime += UnixTime.MicrosecondsPerHour;
        OnlinePrediction last = default;
        foreach (string asset in _fleet)
        {
            last = _scorer.ScoreReading(asset, _fleetTime, _reading);
        }

        return last;
    }

    private sealed class OnlineConfig : ManualConfig
    {
        public OnlineConfig()
        {
            AddJob(Job.Default.WithLaunchCount(1).WithWarmupCount(3).WithIterationCount(15).WithToolchain(InProcessEmitToolchain.Instance).WithId("Online"));
            AddColumn(StatisticColumn.Median);
            HideColumns("Error", "StdDev", "RatioSD");
        }
    }
}
