using Microsoft.Extensions.Time.Testing;
using PredictiveMaintenance.Features;
using PredictiveMaintenance.Models.Anomaly;
using PredictiveMaintenance.Tracking;

namespace PredictiveMaintenance.Scoring.Tests;

/// <summary>A registry in a temporary folder (deleted with the test), a fake clock, and seeded telemetry and detectors.</summary>
internal sealed class ScoringFixture : IDisposable
{
    public const string Model = "pump-detector";

    public static readonly TelemetrySchema Schema = new("machineID", "datetime", "volt", "rotate", "pressure", "vibration");

    public static readonly DateTimeOffset Start = new(2026, 11, 1, 0, 0, 0, TimeSpan.Zero);

    public ScoringFixture()
    {
        Folder = Directory.CreateTempSubdirectory("pdm-scoring-").FullName;
        Store = FolderTrackingStore.Open(Path.Combine(Folder, "registry"));
        Registry = new ModelRegistry(Store, Clock);
    }

    public string Folder { get; }

    public FolderTrackingStore Store { get; }

    public FakeTimeProvider Clock { get; } = new(new DateTimeOffset(2026, 11, 23, 8, 0, 0, TimeSpan.Zero));

    public ModelRegistry Registry { get; }

    public ModelScorerOptions Options => new() { TimeProvider = Clock, PredictionTable = new DeltaLake.DeltaTableOptions { TimeProvider = Clock } };

    public string PredictionsPath => Path.Combine(Folder, "predictions");

    /// <summary>
    /// Hourly readings of <paramref name="assets"/> machines from <see cref="Start"/>: noisy levels with a slow drift, a
    /// few missing values, irregular gaps (so time windows hold varying row counts) and a burst of high vibration on
    /// machine 2 near the end.
    /// </summary>
    public static TelemetryTable Telemetry(int assets = 4, int hours = 240, int seed = 7)
    {
        var random = new Random(seed);
        var builder = new TelemetryTableBuilder(Schema, assets * hours);
        double[] row = new double[4];
        for (int a = 1; a <= assets; a++)
        {
            long time = UnixTime.ToMicroseconds(Start.UtcDateTime);
            for (int h = 0; h < hours; h++)
            {
                time += UnixTime.MicrosecondsPerHour * (random.NextDouble() < 0.1 ? 3 : 1);
                row[0] = 170 + (5 * Gaussian(random)) + (0.01 * h);
                row[1] = 450 + (20 * Gaussian(random));
                row[2] = 100 + (4 * Gaussian(random));
                row[3] = 40 + (2 * Gaussian(random)) + (a == 2 && h > hours - 30 ? 25 : 0);
                if (random.NextDouble() < 0.02)
                {
                    row[random.Next(4)] = double.NaN;
                }

                builder.Add("machine" + a.ToString("D3", System.Globalization.CultureInfo.InvariantCulture), time, row);
            }
        }

        return builder.Build();
    }

    /// <summary>Trains an isolation forest on the features of <paramref name="telemetry"/>, saves it and registers it with its spec and schema.</summary>
    public async Task<(ModelVersion Version, IsolationForestDetector Detector)> RegisterAsync(
        string spec, TelemetryTable telemetry, int seed = 1, AlarmSmoothing? smoothing = null, double? metric = null, string name = Model)
    {
        TelemetryTable features = new FeatureComputer(FeatureSpec.Parse(spec)).Compute(telemetry);
        var options = new IsolationForestOptions { Seed = seed, Trees = 50, Threshold = ThresholdRule.Fixed(0.55), Smoothing = smoothing ?? AlarmSmoothing.None };
        IsolationForestDetector detector = new IsolationForestTrainer(options).Fit(features);
        string path = Path.Combine(Folder, $"detector-{Guid.NewGuid():N}.pdm");
        await detector.SaveAsync(path);
        ModelVersion version = await Registry.RegisterAsync(name, path, new NewModelVersion
        {
            FeatureSpecification = spec,
            InputSchema = telemetry.Schema,
            Metrics = new Dictionary<string, double> { ["f1"] = metric ?? 0.5 },
        });
        return (version, detector);
    }

    public void Dispose() => Directory.Delete(Folder, recursive: true);

    private static double Gaussian(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
}
