using Microsoft.Extensions.Time.Testing;
using PredictiveMaintenance.DeltaLake;
using PredictiveMaintenance.Models.Anomaly;
using PredictiveMaintenance.Scoring;
using PredictiveMaintenance.Tracking;

namespace PredictiveMaintenance.Dashboard.Tests.Loading;

[Collection(AzureFleetGroup.Name)]
public sealed class DashboardLoaderTests(AzureFleet fleet) : IDisposable
{
    private readonly string _scratch = Directory.CreateTempSubdirectory("pdm-dashboard-loader-").FullName;

    public void Dispose() => Directory.Delete(_scratch, recursive: true);

    private DashboardSources Sources => new()
    {
        TelemetryTable = fleet.TelemetryPath,
        PredictionsTable = fleet.PredictionsPath,
        DataQualityTable = fleet.DataQualityPath,
        RegistryFolder = fleet.RegistryPath,
        TimeProvider = new FakeTimeProvider(AzureFleet.Now.AddHours(1)),
    };

    [Fact]
    public async Task LoadAsync_AzureFleetTables_HoldsEveryReadingAndPredictionOfEveryAsset()
    {
        DashboardReport report = await DashboardLoader.LoadAsync(Sources);

        Assert.Equal(AzureFleet.Now.AddHours(1), report.GeneratedAt);
        Assert.Equal(TimeKind.UtcTimestamp, report.TimeKind);
        Assert.Equal(20, report.Assets.Count);
        Assert.Equal(fleet.Telemetry.RowCount, report.Assets.Sum(a => a.Times.Length));
        AssetSeries machine1 = report.Assets.Single(a => a.AssetId == "1");
        Assert.Equal(2160 + 3, machine1.Times.Length);
        Assert.Equal(["volt", "rotate", "pressure", "vibration"], machine1.Channels.Select(c => c.Name));

        Assert.True(fleet.Telemetry.TryGetAssetCode("1", out int code));
        Range rows = fleet.Telemetry.GetAssetRows(code);
        Assert.Equal(fleet.Telemetry.GetTimes(code).ToArray(), machine1.Times.ToArray());
        Assert.Equal(fleet.Telemetry.GetChannel("vibration")[rows].ToArray(), machine1.Channels[3].Values.ToArray());
        Assert.Equal(fleet.Telemetry.GetTimes(code).ToArray(), machine1.Predictions.Times.ToArray());
        Assert.Equal(fleet.Anomalies.Scores[rows].ToArray(), machine1.Predictions.Scores.ToArray());
        Assert.Equal(fleet.Anomalies.Alarms[rows].ToArray(), machine1.Predictions.Alarms.ToArray());
        Assert.Equal(fleet.TimeUntilService[rows], machine1.Predictions.TimeUntilService.ToArray());
        Assert.Equal(fleet.Anomalies.AlarmCount, report.Fleet.Sum(f => f.AlarmCount));
    }

    [Fact]
    public async Task LoadAsync_AzureFleetTables_RanksAlarmsFirstThenShortestTimeUntilService()
    {
        DashboardReport report = await DashboardLoader.LoadAsync(Sources);

        Assert.Equal(Enumerable.Range(1, 20), report.Fleet.Select(f => f.RiskRank));
        Assert.Equal(report.Fleet.Select(f => f.AssetId), report.Assets.Select(a => a.AssetId));
        foreach (AssetSummary summary in report.Fleet)
        {
            Assert.True(fleet.Telemetry.TryGetAssetCode(summary.AssetId, out int code));
            int last = fleet.Telemetry.GetAssetRows(code).End.Value - 1;
            Assert.Equal(fleet.Anomalies.Scores[last], summary.LatestScore);
            Assert.Equal(fleet.Anomalies.Alarms[last], summary.LatestAlarm);
            Assert.Equal(fleet.TimeUntilService[last], summary.TimeUntilService);
            Assert.Equal(fleet.Telemetry.Times[last], summary.LastReading);
        }

        int inAlarm = report.Fleet.Count(f => f.LatestAlarm);
        Assert.All(report.Fleet.Take(inAlarm), f => Assert.True(f.LatestAlarm));
        AssetSummary[] rest = [.. report.Fleet.Skip(inAlarm)];
        for (int i = 1; i < rest.Length; i++)
        {
            Assert.True(rest[i - 1].TimeUntilService <= rest[i].TimeUntilService, $"{rest[i - 1].AssetId} ({rest[i - 1].TimeUntilService} h) is ranked before {rest[i].AssetId} ({rest[i].TimeUntilService} h).");
        }
    }

    [Fact]
    public async Task LoadAsync_AzureFleetTables_ReadsRegistryAndDataQualityCounts()
    {
        DashboardReport report = await DashboardLoader.LoadAsync(Sources);

        Assert.Equal([AzureFleet.DetectorName, AzureFleet.ServiceModelName], report.Models.Select(m => m.Name).Order(StringComparer.Ordinal));
        RegisteredModel detector = report.Models.Single(m => m.Name == AzureFleet.DetectorName);
        Assert.Equal([ModelStage.Production, ModelStage.Staging], detector.Versions.Select(v => v.Stage));
        Assert.Equal([(1, ModelStage.None, ModelStage.Production), (2, ModelStage.None, ModelStage.Staging)], detector.Transitions.Select(t => (t.Version, t.From, t.To)));
        Assert.Equal(fleet.Anomalies.AlarmCount / (double)fleet.Anomalies.Count, detector.Versions[0].Metrics["alarm_rate"]);

        Assert.Equal(2, report.DataQuality.Count);
        DataQualityBatch slice = report.DataQuality[0];
        Assert.Equal("PdM_telemetry_SUBSET_machines001-020_first2160h.csv.gz", slice.Batch);
        Assert.Equal(43_200, slice.AcceptedRows);
        Assert.Equal(fleet.Reports[0].QuarantinedRows, slice.QuarantinedRows);
        DataQualityBatch late = report.DataQuality[1];
        Assert.Equal(("late.csv", AzureFleet.Now.AddHours(-1), 3L, 3L), (late.Batch, late.ProcessedAt, late.AcceptedRows, late.QuarantinedRows));
        Assert.Equal(
            new Dictionary<string, long> { ["Duplicate"] = 1, ["UnparsableTime"] = 1, ["UnparsableValue"] = 1 },
            late.QuarantinedByReason);
    }

    [Fact]
    public async Task LoadAsync_Since_KeepsOnlyLaterReadingsAndPredictions()
    {
        DateTimeOffset since = new(2015, 3, 31, 0, 0, 0, TimeSpan.Zero);
        DashboardReport report = await DashboardLoader.LoadAsync(new DashboardSources { TelemetryTable = fleet.TelemetryPath, PredictionsTable = fleet.PredictionsPath, Since = since, Channels = ["vibration"] });

        AssetSeries machine2 = report.Assets.Single(a => a.AssetId == "2");
        Assert.Equal(30, machine2.Times.Length);
        Assert.Equal(30, machine2.Predictions.Count);
        Assert.Equal(UnixTime.ToMicroseconds(since.UtcDateTime), machine2.Times.Span[0]);
        Assert.Equal(["vibration"], machine2.Channels.Select(c => c.Name));
        Assert.Empty(report.Models);
        Assert.Empty(report.DataQuality);
    }

    [Fact]
    public async Task LoadAsync_Window_KeepsTheDayBeforeTheLatestReading()
    {
        DashboardReport report = await DashboardLoader.LoadAsync(new DashboardSources { TelemetryTable = fleet.TelemetryPath, PredictionsTable = fleet.PredictionsPath, Window = TimeSpan.FromDays(1), Channels = ["vibration"] });
        DashboardReport whole = await DashboardLoader.LoadAsync(new DashboardSources { TelemetryTable = fleet.TelemetryPath, PredictionsTable = fleet.PredictionsPath, Channels = ["vibration"] });

        // The fleet's latest reading, over every machine; each machine keeps its readings of the day before it.
        long latest = whole.Assets.Max(a => a.Times.Span[^1]);
        Assert.All(whole.Assets, all =>
        {
            AssetSeries windowed = report.Assets.Single(a => a.AssetId == all.AssetId);
            long[] expected = [.. all.Times.ToArray().Where(t => t > latest - UnixTime.MicrosecondsPerDay)];
            Assert.Equal(expected, windowed.Times.ToArray());
            Assert.Equal(all.Predictions.Times.ToArray().Where(t => t > latest - UnixTime.MicrosecondsPerDay), windowed.Predictions.Times.ToArray());
        });
        Assert.InRange(report.Assets.Single(a => a.AssetId == "2").Times.Length, 1, 24);
    }

    [Fact]
    public async Task LoadAsync_WindowAndLaterSince_StartsAtTheLaterOfThem()
    {
        DateTimeOffset since = new(2015, 4, 1, 0, 0, 0, TimeSpan.Zero);
        DashboardReport report = await DashboardLoader.LoadAsync(new DashboardSources { TelemetryTable = fleet.TelemetryPath, Since = since, Window = TimeSpan.FromDays(1), Channels = ["vibration"] });

        AssetSeries machine2 = report.Assets.Single(a => a.AssetId == "2");
        Assert.Equal(6, machine2.Times.Length);
        Assert.Equal(UnixTime.ToMicroseconds(since.UtcDateTime), machine2.Times.Span[0]);
    }

    [Fact]
    public async Task LoadAsync_NonPositiveWindow_FailsNamingIt()
    {
        var e = await Assert.ThrowsAsync<ArgumentException>(() => DashboardLoader.LoadAsync(new DashboardSources { TelemetryTable = fleet.TelemetryPath, Window = TimeSpan.Zero }));

        Assert.Equal("Window", e.ParamName);
        Assert.StartsWith("DashboardSources.Window must be positive, or null for every reading; it is 00:00:00.", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task LoadAsync_RescoredAndSeparateModels_MergesLatestValuePerField()
    {
        string telemetry = await SmallTelemetryAsync();
        string predictions = Path.Combine(_scratch, "predictions");
        long t0 = UnixTime.ToMicroseconds(new DateTime(2024, 5, 1, 0, 0, 0, DateTimeKind.Utc));
        long hour = UnixTime.MicrosecondsPerHour;
        await PredictionRows.AppendAsync(predictions, TimeKind.UtcTimestamp,
        [
            new("a", t0, 0.4, false, null, "detector", 1, t0 + hour, 0),
            new("a", t0 + hour, 0.9, true, null, "detector", 1, t0 + hour, 0),
            new("a", t0, null, null, 120, "service", 1, t0 + hour, null),
        ]);

        // A later scoring of the first reading by a new detector version, written in another commit.
        await PredictionRows.AppendAsync(predictions, TimeKind.UtcTimestamp, [new("a", t0, 0.7, true, null, "detector", 2, t0 + (2 * hour), 1)]);

        DashboardReport report = await DashboardLoader.LoadAsync(new DashboardSources { TelemetryTable = telemetry, PredictionsTable = predictions });

        PredictionSeries a = report.Assets.Single(x => x.AssetId == "a").Predictions;
        Assert.Equal([t0, t0 + hour], a.Times.ToArray());
        Assert.Equal([0.7, 0.9], a.Scores.ToArray());
        Assert.Equal([true, true], a.Alarms.ToArray());
        Assert.Equal([120, double.NaN], a.TimeUntilService.ToArray());
        Assert.Equal(0, report.Assets.Single(x => x.AssetId == "b").Predictions.Count);
        Assert.Equal(["a", "b"], report.Fleet.Select(f => f.AssetId));
    }

    [Fact]
    public async Task LoadAsync_PredictionsTableWithoutAColumn_ThrowsNamingTableAndColumns()
    {
        string telemetry = await SmallTelemetryAsync();
        string other = Path.Combine(_scratch, "other");
        await DeltaTable.CreateAsync(other, new DeltaStructType(
            new DeltaStructField(PredictionColumns.Asset, DeltaPrimitiveType.String),
            new DeltaStructField(PredictionColumns.Time, DeltaPrimitiveType.Timestamp)));

        SchemaException e = await Assert.ThrowsAsync<SchemaException>(() => DashboardLoader.LoadAsync(new DashboardSources { TelemetryTable = telemetry, PredictionsTable = other }));

        Assert.Equal($"Delta table '{other}' at version 0 has no column 'score'; its columns are asset, time.", e.Message);
    }

    [Fact]
    public async Task LoadAsync_CycleTelemetryScoredByModelScorer_ReadsCycleTimesAndScores()
    {
        var builder = new TelemetryTableBuilder(new TelemetrySchema("unit", "cycle", TimeKind.Cycle, [new ChannelDefinition("temperature")]), 60);
        var random = new Random(5);
        for (int cycle = 1; cycle <= 30; cycle++)
        {
            builder.Add("1", cycle, [500 + random.NextDouble()]);
            builder.Add("2", cycle, [500 + random.NextDouble() + (cycle > 25 ? 8 : 0)]);
        }

        TelemetryTable engines = builder.Build();
        string telemetry = Path.Combine(_scratch, "engines");
        await (await DeltaTable.CreateAsync(telemetry, engines.Schema)).AppendAsync(engines);
        IsolationForestDetector detector = new IsolationForestTrainer(new IsolationForestOptions { Seed = 11, Trees = 50, Threshold = ThresholdRule.Quantile(0.9) }).Fit(engines);
        string artifact = Path.Combine(_scratch, "engines.pdmmodel");
        await detector.SaveAsync(artifact);
        var registry = new ModelRegistry(FolderTrackingStore.Open(Path.Combine(_scratch, "registry")));
        await registry.RegisterAsync("engine-detector", artifact, new NewModelVersion { InputSchema = engines.Schema });
        string predictions = Path.Combine(_scratch, "engine-predictions");
        using (ModelScorer scorer = await ModelScorer.LoadAsync(registry, ModelReference.ForVersion("engine-detector", 1)))
        {
            // An in-memory table: the rows carry a null input_table_version.
            await scorer.ScoreToDeltaAsync(engines, predictions);
        }

        DashboardReport report = await DashboardLoader.LoadAsync(new DashboardSources { TelemetryTable = telemetry, PredictionsTable = predictions });

        AnomalyPredictions expected = detector.Predict(engines);
        Assert.Equal(TimeKind.Cycle, report.TimeKind);
        PredictionSeries unit2 = report.Assets.Single(a => a.AssetId == "2").Predictions;
        Range rows = engines.GetAssetRows(1);
        Assert.Equal(Enumerable.Range(1, 30).Select(c => (long)c), unit2.Times.ToArray());
        Assert.Equal(expected.Scores[rows].ToArray(), unit2.Scores.ToArray());
        Assert.Equal(expected.Alarms[rows].ToArray(), unit2.Alarms.ToArray());
        Assert.All(unit2.TimeUntilService.ToArray(), v => Assert.True(double.IsNaN(v)));
    }

    [Fact]
    public async Task LoadAsync_CyclePredictionsForTimestampedTelemetry_ThrowsNamingTheColumn()
    {
        string telemetry = await SmallTelemetryAsync();
        string predictions = Path.Combine(_scratch, "cycle-predictions");
        await PredictionRows.AppendAsync(predictions, TimeKind.Cycle, [new("a", 1, 0.5, false, null, "detector", 1, 0, null)]);

        SchemaException e = await Assert.ThrowsAsync<SchemaException>(() => DashboardLoader.LoadAsync(new DashboardSources { TelemetryTable = telemetry, PredictionsTable = predictions }));

        Assert.Equal($"Column 'time' of Delta table '{predictions}' at version 1 is int64; the dashboard reads it as timestamp (the telemetry is timestamped).", e.Message);
    }

    [Fact]
    public async Task LoadAsync_TableWithoutTelemetrySchema_ThrowsNamingTheTable()
    {
        string plain = Path.Combine(_scratch, "plain");
        await DeltaTable.CreateAsync(plain, PredictionTable.CreateSchema(TimeKind.UtcTimestamp));

        SchemaException e = await Assert.ThrowsAsync<SchemaException>(() => DashboardLoader.LoadAsync(new DashboardSources { TelemetryTable = plain }));

        Assert.Equal($"Delta table '{plain}' at version 0 records no telemetry schema; the dashboard reads telemetry tables written from a TelemetryTable.", e.Message);
    }

    [Fact]
    public async Task LoadAsync_MissingFolders_ThrowDirectoryNotFoundAndCreateNothing()
    {
        string missing = Path.Combine(_scratch, "missing");
        DirectoryNotFoundException table = await Assert.ThrowsAsync<DirectoryNotFoundException>(() => DashboardLoader.LoadAsync(new DashboardSources { TelemetryTable = missing }));
        Assert.Equal($"Table folder '{missing}' does not exist.", table.Message);

        string telemetry = await SmallTelemetryAsync();
        DirectoryNotFoundException registry = await Assert.ThrowsAsync<DirectoryNotFoundException>(() => DashboardLoader.LoadAsync(new DashboardSources { TelemetryTable = telemetry, RegistryFolder = missing }));
        Assert.Equal($"Registry folder '{missing}' does not exist.", registry.Message);
        Assert.False(Directory.Exists(missing));
    }

    [Fact]
    public async Task LoadAsync_NoTelemetryTable_ThrowsArgumentException()
    {
        ArgumentException e = await Assert.ThrowsAsync<ArgumentException>(() => DashboardLoader.LoadAsync(new DashboardSources()));

        Assert.Equal("DashboardSources.TelemetryTable must name the telemetry Delta table. (Parameter 'TelemetryTable')", e.Message);
    }

    private async Task<string> SmallTelemetryAsync()
    {
        string path = Path.Combine(_scratch, "telemetry");
        if (!DeltaTable.Exists(path))
        {
            var builder = new TelemetryTableBuilder(new TelemetrySchema("asset", "time", "x"), 4);
            long t0 = UnixTime.ToMicroseconds(new DateTime(2024, 5, 1, 0, 0, 0, DateTimeKind.Utc));
            builder.Add("a", t0, [1.0]);
            builder.Add("a", t0 + UnixTime.MicrosecondsPerHour, [2.0]);
            builder.Add("b", t0, [3.0]);
            TelemetryTable data = builder.Build();
            DeltaTable table = await DeltaTable.CreateAsync(path, data.Schema);
            await table.AppendAsync(data);
        }

        return path;
    }
}
