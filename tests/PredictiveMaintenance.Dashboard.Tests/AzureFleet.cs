using System.Text.Json.Nodes;
using MathNet.Numerics;
using Microsoft.Extensions.Time.Testing;
using PredictiveMaintenance.DeltaLake;
using PredictiveMaintenance.IO;
using PredictiveMaintenance.Joins;
using PredictiveMaintenance.Models;
using PredictiveMaintenance.Models.Anomaly;
using PredictiveMaintenance.Tracking;

namespace PredictiveMaintenance.Dashboard.Tests;

/// <summary>
/// The pipeline's tables for the shipped Azure slice (20 machines, 90 days hourly), built once per test run in a
/// temporary folder: the telemetry Delta table, a data-quality table with the real cleaning reports of two batches,
/// predictions of a real isolation forest (anomaly score and alarm) and of a least-squares time-until-service model,
/// and a registry holding both models.
/// </summary>
public sealed class AzureFleet : IAsyncLifetime
{
    /// <summary>The clock of the registry and of scoring.</summary>
    public static readonly DateTimeOffset Now = new(2015, 4, 2, 6, 0, 0, TimeSpan.Zero);

    /// <summary>The anomaly detector's registered name.</summary>
    public const string DetectorName = "azure-isolation-forest";

    /// <summary>The time-until-service model's registered name.</summary>
    public const string ServiceModelName = "azure-time-until-service";

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
        TimeUntilService = [.. since.Select(s => double.IsFinite(s) ? Math.Max(0, intercept + (slope * s)) : double.NaN)];

        var registry = new ModelRegistry(FolderTrackingStore.Open(RegistryPath), clock);
        string detectorFile = Path.Combine(_root, "detector.pdmmodel");
        await detector.SaveAsync(detectorFile);
        ModelVersion first = await registry.RegisterAsync(DetectorName, detectorFile, new NewModelVersion
        {
            Metrics = new Dictionary<string, double> { ["alarm_rate"] = Anomalies.AlarmCount / (double)Anomalies.Count, ["threshold"] = detector.Threshold },
        });
        await registry.TransitionAsync(DetectorName, first.Version, ModelStage.Production, "dashboard-tests", "first detector");
        clock.Advance(TimeSpan.FromMinutes(10));
        ModelVersion second = await registry.RegisterAsync(DetectorName, detectorFile, new NewModelVersion { Metrics = new Dictionary<string, double> { ["alarm_rate"] = 0.01 } });
        await registry.TransitionAsync(DetectorName, second.Version, ModelStage.Staging, "dashboard-tests", "tried beside version 1");

        string serviceFile = Path.Combine(_root, "service.pdmmodel");
        await new ModelArtifact("linear-time-until-service", 1, new JsonObject { ["intercept"] = intercept, ["slope"] = slope }).SaveAsync(serviceFile);
        double[] predicted = [.. known.Select(i => TimeUntilService[i])];
        double[] actual = [.. known.Select(i => until[i])];
        ModelVersion service = await registry.RegisterAsync(ServiceModelName, serviceFile, new NewModelVersion
        {
            Metrics = new Dictionary<string, double> { ["rmse_hours"] = RegressionMetrics.RootMeanSquaredError(predicted, actual), ["mae_hours"] = RegressionMetrics.MeanAbsoluteError(predicted, actual) },
        });
        await registry.TransitionAsync(ServiceModelName, service.Version, ModelStage.Production, "dashboard-tests", "first time-until-service model");

        // One row per reading and model, as a scoring job running both Production models writes them.
        long scoredAt = UnixTime.ToMicroseconds(Now.UtcDateTime);
        long inputVersion = lastIngest.Version!.Value;
        var rows = new List<Prediction>(2 * Telemetry.RowCount);
        for (int row = 0; row < Telemetry.RowCount; row++)
        {
            string asset = Telemetry.AssetIds[Telemetry.GetAssetCodeOfRow(row)];
            long time = Telemetry.Times[row];
            rows.Add(new Prediction(asset, time, Anomalies.Scores[row], Anomalies.Alarms[row], double.NaN, DetectorName, first.Version, scoredAt, inputVersion));
            rows.Add(new Prediction(asset, time, double.NaN, null, TimeUntilService[row], ServiceModelName, service.Version, scoredAt, inputVersion));
        }

        DeltaTable predictions = await PredictionsTable.CreateAsync(PredictionsPath, tableOptions);
        await predictions.AppendAsync(PredictionsTable.ToRecordBatch(rows));
    }

    public Task DisposeAsync()
    {
        Directory.Delete(_root, recursive: true);
        return Task.CompletedTask;
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
