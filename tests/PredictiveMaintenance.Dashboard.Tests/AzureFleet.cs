using System.Text.Json.Nodes;
using MathNet.Numerics;
using Microsoft.Extensions.Time.Testing;
using PredictiveMaintenance.DeltaLake;
using PredictiveMaintenance.IO;
using PredictiveMaintenance.Joins;
using PredictiveMaintenance.Models;
using PredictiveMaintenance.Models.Anomaly;
using PredictiveMaintenance.Scoring;
using PredictiveMaintenance.Tracking;

namespace PredictiveMaintenance.Dashboard.Tests;

/// <summary>
/// The pipeline's tables for the shipped Azure slice (20 machines, 90 days hourly), built once per test run in a
/// temporary folder: the telemetry Delta table, a data-quality table with the real cleaning reports of two batches,
/// a registry holding a real isolation forest and a least-squares time-until-service model, and the predictions table
/// that Scoring's <see cref="ModelScorer"/> writes when it loads each Production model from the registry and scores.
/// </summary>
public sealed class AzureFleet : IAsyncLifetime
{
    /// <summary>The clock of the registry and of scoring.</summary>
    public static readonly DateTimeOffset Now = new(2015, 4, 2, 6, 0, 0, TimeSpan.Zero);

    /// <summary>The anomaly detector's registered name.</summary>
    public const string DetectorName = "azure-isolation-forest";

    /// <summary>The time-until-service model's registered name.</summary>
    public const string ServiceModelName = "azure-time-until-service";

    /// <summary>The time-until-service model's artifact type and its one input channel.</summary>
    private const string ServiceModelType = "linear-time-until-service";

    private const string SinceReplacement = "time_since_replacement";

    /// <summary>A late batch with a duplicate, an unparsable value and an unparsable time, cleaned by the real reader.</summary>
    private const string LateBatch = """
        datetime,machineID,volt,rotate,pressure,vibration
        2015-04-01 06:00:00,1,170.5,449.2,101.3,40.1
        2015-04-01 07:00:00,1,171.0,452.0,99.8,39.7
        2015-04-01 07:00:00,1,171.0,452.0,99.8,39.7
        2015-04-01 08:00:00,1,not-a-number,450.1,100.2,40.3
        2015-04-01 0x:00:00,1,169.9,451.4,100.9,40.0
        2015-04-01 09:00:00,1,170.2,448.9,100.4,39.9
        """;

    private readonly string _root = Path.Combine(Path.GetTempPath(), "pdm-dashboard-tests-" + Guid.NewGuid().ToString("N"));

    public string TelemetryPath => Path.Combine(_root, "telemetry");

    public string PredictionsPath => Path.Combine(_root, "predictions");

    public string DataQualityPath => Path.Combine(_root, "data_quality");

    public string RegistryPath => Path.Combine(_root, "registry");

    /// <summary>The telemetry as appended (the slice and the late batch's accepted rows).</summary>
    public TelemetryTable Telemetry { get; private set; } = null!;

    /// <summary>The cleaning reports of the two batches, in order.</summary>
    public IReadOnlyList<DataQualityReport> Reports { get; private set; } = [];

    /// <summary>The detector's scores and alarms, one per telemetry row.</summary>
    public AnomalyPredictions Anomalies { get; private set; } = null!;

    /// <summary>The predicted time until service in hours, one per telemetry row.</summary>
    public double[] TimeUntilService { get; private set; } = [];

    /// <summary>What the detector's scoring wrote (input version, rows).</summary>
    public PredictionWriteResult DetectorWrite { get; private set; } = null!;

    /// <summary>What the time-until-service model's scoring wrote.</summary>
    public PredictionWriteResult ServiceWrite { get; private set; } = null!;

    public static string DataPath(params string[] parts) => Path.Combine([AppContext.BaseDirectory, "data", "azure-pdm", .. parts]);

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(_root);
        var clock = new FakeTimeProvider(Now);
        var tableOptions = new DeltaTableOptions { TimeProvider = clock };

        TelemetryBatch slice = await AzurePdmDataset.ReadTelemetryAsync(DataPath("PdM_telemetry_SUBSET_machines001-020_first2160h.csv.gz"));
        string latePath = Path.Combine(_root, "late.csv");
        await File.WriteAllTextAsync(latePath, LateBatch);
        TelemetryBatch late = await AzurePdmDataset.ReadTelemetryAsync(latePath, new DataQualityOptions { FutureTolerance = null });
        Reports = [slice.Report, late.Report];

        DeltaTable telemetry = await DeltaTable.CreateAsync(TelemetryPath, slice.Table.Schema, options: tableOptions);
        await telemetry.AppendAsync(slice.Table, new DeltaWriteOptions { ApplicationId = "ingest", ApplicationVersion = 1 });
        DeltaCommitResult lastIngest = await telemetry.AppendAsync(late.Table, new DeltaWriteOptions { ApplicationId = "ingest", ApplicationVersion = 2 });
        Telemetry = TelemetryTable.Concat([slice.Table, late.Table]);

        DeltaTable quality = await DataQualityTable.CreateAsync(DataQualityPath, tableOptions);
        await quality.AppendAsync(DataQualityTable.ToRecordBatch("PdM_telemetry_SUBSET_machines001-020_first2160h.csv.gz", Now.AddHours(-2), slice.Report));
        await quality.AppendAsync(DataQualityTable.ToRecordBatch("late.csv", Now.AddHours(-1), late.Report));

        // Normal operation: the first 30 days; the detector flags the 0.5 % most isolated of those rows' scores and up.
        IsolationForestDetector detector = new IsolationForestTrainer(new IsolationForestOptions
        {
            Seed = 7,
            Threshold = ThresholdRule.Quantile(0.995),
            Smoothing = new AlarmSmoothing(2, 3),
            MaxDegreeOfParallelism = 1,
        }).Fit(FirstDays(Telemetry, 30));
        Anomalies = detector.Predict(Telemetry);

        // Time until the next component replacement from the time since the last one: a straight line, least squares.
        EventLog<MaintenanceEvent> maintenance = await AzurePdmDataset.ReadMaintenanceAsync(DataPath("PdM_maint.csv.gz"));
        EventTable replacements = EventTable.FromMaintenance(maintenance.Records);
        double[] since = EventFeatures.TimeSince(Telemetry, replacements);
        double[] until = EventLabels.TimeUntil(Telemetry, replacements, out _, cap: Duration.Days(60));
        int[] known = [.. Enumerable.Range(0, Telemetry.RowCount).Where(i => double.IsFinite(since[i]) && double.IsFinite(until[i]))];
        (double intercept, double slope) = Fit.Line([.. known.Select(i => since[i])], [.. known.Select(i => until[i])]);
        TimeUntilService = PredictService(intercept, slope, since);

        var registry = new ModelRegistry(FolderTrackingStore.Open(RegistryPath), clock);
        string detectorFile = Path.Combine(_root, "detector.pdmmodel");
        await detector.SaveAsync(detectorFile);
        ModelVersion first = await registry.RegisterAsync(DetectorName, detectorFile, new NewModelVersion
        {
            InputSchema = Telemetry.Schema,
            Metrics = new Dictionary<string, double> { ["alarm_rate"] = Anomalies.AlarmCount / (double)Anomalies.Count, ["threshold"] = detector.Threshold },
        });
        await registry.TransitionAsync(DetectorName, first.Version, ModelStage.Production, "dashboard-tests", "first detector");
        clock.Advance(TimeSpan.FromMinutes(10));
        ModelVersion second = await registry.RegisterAsync(DetectorName, detectorFile, new NewModelVersion { Metrics = new Dictionary<string, double> { ["alarm_rate"] = 0.01 } });
        await registry.TransitionAsync(DetectorName, second.Version, ModelStage.Staging, "dashboard-tests", "tried beside version 1");

        string serviceFile = Path.Combine(_root, "service.pdmmodel");
        await new ModelArtifact(ServiceModelType, 1, new JsonObject { ["intercept"] = intercept, ["slope"] = slope }).SaveAsync(serviceFile);
        TelemetryTable serviceInput = SinceReplacementTable(Telemetry, since);
        double[] predicted = [.. known.Select(i => TimeUntilService[i])];
        double[] actual = [.. known.Select(i => until[i])];
        ModelVersion service = await registry.RegisterAsync(ServiceModelName, serviceFile, new NewModelVersion
        {
            InputSchema = serviceInput.Schema,
            Metrics = new Dictionary<string, double> { ["rmse_hours"] = RegressionMetrics.RootMeanSquaredError(predicted, actual), ["mae_hours"] = RegressionMetrics.MeanAbsoluteError(predicted, actual) },
        });
        await registry.TransitionAsync(ServiceModelName, service.Version, ModelStage.Production, "dashboard-tests", "first time-until-service model");

        // The scoring job: each Production model loaded from the registry scores into the one predictions table, the
        // detector from the telemetry Delta table (its version is recorded), the service model from a derived table.
        var scoring = new ModelScorerOptions
        {
            Loaders = ScoringModelLoaders.CreateDefault().Add(ServiceModelType, (artifact, _) =>
            {
                JsonObject parameters = artifact.Parameters;
                double a = (double)parameters["intercept"]!, b = (double)parameters["slope"]!;
                return ScoringModel.FromRowPredictor(ServiceModelType, [SinceReplacement], table => PredictService(a, b, table.GetChannel(SinceReplacement)));
            }),
            TimeProvider = clock,
            PredictionTable = tableOptions,
        };
        using (ModelScorer scorer = await ModelScorer.LoadAsync(registry, ModelReference.ForStage(DetectorName, ModelStage.Production), scoring))
        {
            DetectorWrite = await scorer.ScoreToDeltaAsync(await telemetry.GetSnapshotAsync(), PredictionsPath);
        }

        using (ModelScorer scorer = await ModelScorer.LoadAsync(registry, ModelReference.ForStage(ServiceModelName, ModelStage.Production), scoring))
        {
            ServiceWrite = await scorer.ScoreToDeltaAsync(serviceInput, PredictionsPath);
        }
    }

    public Task DisposeAsync()
    {
        Directory.Delete(_root, recursive: true);
        return Task.CompletedTask;
    }

    /// <summary>The least-squares line, never below zero; NaN where the time since the last replacement is unknown.</summary>
    private static double[] PredictService(double intercept, double slope, ReadOnlySpan<double> since)
    {
        double[] predicted = new double[since.Length];
        for (int i = 0; i < since.Length; i++)
        {
            predicted[i] = double.IsFinite(since[i]) ? Math.Max(0, intercept + (slope * since[i])) : double.NaN;
        }

        return predicted;
    }

    /// <summary>The telemetry's assets and times with one channel, the time since each asset's last replacement.</summary>
    private static TelemetryTable SinceReplacementTable(TelemetryTable telemetry, double[] since)
    {
        var schema = new TelemetrySchema(telemetry.Schema.AssetColumn, telemetry.Schema.TimeColumn, telemetry.Schema.TimeKind, [new ChannelDefinition(SinceReplacement)]);
        var builder = new TelemetryTableBuilder(schema, telemetry.RowCount);
        for (int row = 0; row < telemetry.RowCount; row++)
        {
            builder.Add(telemetry.AssetIds[telemetry.GetAssetCodeOfRow(row)], telemetry.Times[row], [since[row]]);
        }

        return builder.Build();
    }

    /// <summary>The rows of each asset in its first <paramref name="days"/> days of the slice.</summary>
    private static TelemetryTable FirstDays(TelemetryTable table, int days)
    {
        long end = table.Times[0] + (days * UnixTime.MicrosecondsPerDay);
        var builder = new TelemetryTableBuilder(table.Schema, table.RowCount);
        double[] values = new double[table.Schema.Channels.Count];
        for (int row = 0; row < table.RowCount; row++)
        {
            if (table.Times[row] < end)
            {
                for (int c = 0; c < values.Length; c++)
                {
                    values[c] = table.GetChannel(c)[row];
                }

                builder.Add(table.AssetIds[table.GetAssetCodeOfRow(row)], table.Times[row], values);
            }
        }

        return builder.Build();
    }
}

[CollectionDefinition(Name)]
public sealed class AzureFleetGroup : ICollectionFixture<AzureFleet>
{
    public const string Name = "Azure fleet tables";
}
