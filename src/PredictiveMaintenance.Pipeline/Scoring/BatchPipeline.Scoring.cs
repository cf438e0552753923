using System.Runtime.CompilerServices;
using Apache.Arrow;
using Microsoft.Extensions.Logging;
using PredictiveMaintenance.DeltaLake;
using PredictiveMaintenance.IO;
using PredictiveMaintenance.Joins;
using PredictiveMaintenance.Scoring;
using PredictiveMaintenance.Storage;
using PredictiveMaintenance.Tracking;

namespace PredictiveMaintenance.Pipeline;

public sealed partial class BatchPipeline
{
    /// <summary>
    /// Scores with the Production version of each pipeline model (<see cref="AnomalyModelName"/>,
    /// <see cref="TimeToServiceModelName"/>) the ingested rows it has not scored yet, into the predictions Delta table
    /// (<see cref="PredictionsTablePath"/>, Scoring's <see cref="PredictionTable"/> layout).
    /// </summary>
    /// <remarks>
    /// <para>
    /// The rows a version has not scored are those later than the last row of their asset that the predictions table
    /// holds for that version, so a run scores the batches it ingested, a run after a crash also those a previous run
    /// left unscored, and a newly promoted version scores the history once. The rows are scored as the training set
    /// presents them to the models (the features from the features table, the event history from the logs), and written
    /// with <see cref="ModelScorer.ScoreToDeltaAsync(TelemetryTable, string, CancellationToken)"/>, whose Delta
    /// transaction is the rows' content hash: a rerun, or a run repeating a write that landed just before a crash,
    /// appends nothing.
    /// </para>
    /// </remarks>
    /// <param name="cancellationToken">Cancels the scoring.</param>
    /// <exception cref="PipelineBusyException">Another run of this pipeline holds its lock.</exception>
    /// <exception cref="PipelineConfigurationException">A Production model exists but a log file is not configured.</exception>
    public async Task<ScoringSummary> ScoreAsync(CancellationToken cancellationToken = default)
    {
        long started = _time.GetTimestamp();
        ObjectLease held = await PipelineLock.AcquireAsync(_state, cancellationToken).ConfigureAwait(false);
        await using ConfiguredAsyncDisposable release = held.ConfigureAwait(false);
        var registry = new ModelRegistry(await FolderTrackingStore.OpenAsync(TrackingFolder, Options.Storage, cancellationToken).ConfigureAwait(false), _time);
        var production = new List<ModelVersion>();
        foreach (string name in (string[])[AnomalyModelName, TimeToServiceModelName])
        {
            if (await registry.GetLatestAsync(name, ModelStage.Production, cancellationToken).ConfigureAwait(false) is { } version)
            {
                production.Add(version);
            }
        }

        if (production.Count == 0
            || await SnapshotOrNullAsync(TelemetryTablePath, cancellationToken).ConfigureAwait(false) is not { } telemetrySnapshot
            || await SnapshotOrNullAsync(FeaturesTablePath, cancellationToken).ConfigureAwait(false) is not { } featureSnapshot)
        {
            LogNothingToScore(_logger);
            return new ScoringSummary(PredictionsTablePath, []) { Elapsed = _time.GetElapsedTime(started) };
        }

        TelemetryTable telemetry = (await telemetrySnapshot.ReadTelemetryAsync(cancellationToken: cancellationToken).ConfigureAwait(false)).Table;
        TelemetryTable features = (await featureSnapshot.ReadTelemetryAsync(cancellationToken: cancellationToken).ConfigureAwait(false)).Table;
        MaintenanceLogs logs = await ReadLogsAsync(cancellationToken).ConfigureAwait(false);
        var scorerOptions = new ModelScorerOptions { TimeProvider = _time, PredictionTable = TableOptions };
        var scored = new List<ScoredModel>(production.Count);
        foreach (ModelVersion version in production)
        {
            Dictionary<string, long> watermarks = await ScoredUntilAsync(version, cancellationToken).ConfigureAwait(false);
            TelemetryTable newTelemetry = After(telemetry, watermarks);
            if (newTelemetry.RowCount == 0)
            {
                scored.Add(new ScoredModel(version.Name, version.Version, 0, 0, AlreadyScored: true));
                continue;
            }

            TrainingSet rows = TrainingSet.Build(newTelemetry, After(features, watermarks), logs, TrainingSetOptions);
            using ModelScorer scorer = await ModelScorer.LoadAsync(registry, ModelReference.ForVersion(version.Name, version.Version), scorerOptions, cancellationToken).ConfigureAwait(false);
            PredictionWriteResult written = await scorer.ScoreToDeltaAsync(rows.Table, PredictionsTablePath, cancellationToken).ConfigureAwait(false);
            var model = new ScoredModel(version.Name, version.Version, written.RowsWritten, written.Scoring?.UnscoredCount ?? 0, written.Skipped);
            LogScored(_logger, model.Name, model.Version, model.RowsWritten, model.RowsUnscored, model.AlreadyScored);
            scored.Add(model);
        }

        return new ScoringSummary(PredictionsTablePath, scored) { Elapsed = _time.GetElapsedTime(started) };
    }

    private TrainingSetOptions TrainingSetOptions => new()
    {
        Horizon = Duration.Hours(Options.Training.HorizonHours),
        TimeToEventCap = Duration.Days(Options.Training.TimeToService.CapDays),
    };

    private async Task<MaintenanceLogs> ReadLogsAsync(CancellationToken cancellationToken)
    {
        MaintenanceLogOptions logsOptions = Options.Logs;
        foreach ((string? value, string key) in new[] { (logsOptions.Machines, "machines"), (logsOptions.Maintenance, "maintenance"), (logsOptions.Errors, "errors"), (logsOptions.Failures, "failures") })
        {
            if (string.IsNullOrWhiteSpace(value))
            {
                throw new PipelineConfigurationException($"$.logs.{key}: a value is required for training and scoring.");
            }
        }

        EventLog<AssetAttributes> machines = await AzurePdmDataset.ReadMachinesAsync(Options.ResolvePath(logsOptions.Machines!), cancellationToken).ConfigureAwait(false);
        EventLog<MaintenanceEvent> maintenance = await AzurePdmDataset.ReadMaintenanceAsync(Options.ResolvePath(logsOptions.Maintenance!), cancellationToken).ConfigureAwait(false);
        EventLog<ErrorEvent> errors = await AzurePdmDataset.ReadErrorsAsync(Options.ResolvePath(logsOptions.Errors!), cancellationToken).ConfigureAwait(false);
        EventLog<FailureEvent> failures = await AzurePdmDataset.ReadFailuresAsync(Options.ResolvePath(logsOptions.Failures!), cancellationToken).ConfigureAwait(false);
        return MaintenanceLogs.FromRecords(maintenance.Records, errors.Records, failures.Records, machines.Records);
    }

    /// <summary>Per asset, the time of the last row the predictions table holds from this model version.</summary>
    private async Task<Dictionary<string, long>> ScoredUntilAsync(ModelVersion version, CancellationToken cancellationToken)
    {
        var last = new Dictionary<string, long>(StringComparer.Ordinal);
        if (await SnapshotOrNullAsync(PredictionsTablePath, cancellationToken).ConfigureAwait(false) is not { } snapshot)
        {
            return last;
        }

        // Each scoring write holds one model version, so the files' statistics skip the other versions' predictions.
        DeltaPredicate thisVersion = DeltaPredicate.And(DeltaPredicate.Equal(PredictionColumns.ModelName, version.Name), DeltaPredicate.Equal(PredictionColumns.ModelVersion, version.Version));
        RecordBatch rows = await snapshot.ReadAsync(
            new DeltaScanOptions { Columns = [PredictionColumns.Asset, PredictionColumns.Time, PredictionColumns.ModelName, PredictionColumns.ModelVersion], Filter = thisVersion }, cancellationToken).ConfigureAwait(false);
        IArrowArray assets = rows.Column(PredictionColumns.Asset);
        IArrowArray times = rows.Column(PredictionColumns.Time);
        IArrowArray names = rows.Column(PredictionColumns.ModelName);
        var versions = (Int32Array)rows.Column(PredictionColumns.ModelVersion);
        for (int row = 0; row < rows.Length; row++)
        {
            if (versions.GetValue(row) == version.Version && Text(names, row) == version.Name)
            {
                string asset = Text(assets, row);
                long time = times is TimestampArray timestamps ? timestamps.Values[row] : ((Int64Array)times).Values[row];
                last[asset] = Math.Max(time, last.GetValueOrDefault(asset, long.MinValue));
            }
        }

        return last;
    }

    private static string Text(IArrowArray array, int row) => array switch
    {
        StringArray strings => strings.GetString(row),
        DictionaryArray dictionary => ((StringArray)dictionary.Dictionary).GetString(((Int32Array)dictionary.Indices).GetValue(row)!.Value),
        _ => throw new PredictiveMaintenanceException($"The predictions table holds a {array.Data.DataType.Name} string column; expected a string."),
    };

    /// <summary>The rows later than their asset's watermark.</summary>
    private static TelemetryTable After(TelemetryTable table, Dictionary<string, long> watermarks) =>
        watermarks.Count == 0 ? table : table.SelectRows(LaterThan(table, watermarks));

    [LoggerMessage(Level = LogLevel.Information, Message = "Nothing to score: no Production model or no ingested rows")]
    private static partial void LogNothingToScore(ILogger logger);

    [LoggerMessage(Level = LogLevel.Information, Message = "Scored with {Model} version {Version}: {Rows} predictions written ({Unscored} rows without a prediction); already scored {AlreadyScored}")]
    private static partial void LogScored(ILogger logger, string model, int version, long rows, int unscored, bool alreadyScored);
}
