using System.Globalization;
using System.Reflection;
using System.Runtime.CompilerServices;
using Microsoft.Extensions.Logging;
using PredictiveMaintenance.DeltaLake;
using PredictiveMaintenance.Joins;
using PredictiveMaintenance.Models.Anomaly;
using PredictiveMaintenance.Models;
using PredictiveMaintenance.Storage;
using PredictiveMaintenance.Tracking;
using AnomalyRanking = PredictiveMaintenance.Models.Evaluation.RankingMetrics;
using Regression = PredictiveMaintenance.Models.RegressionMetrics;

namespace PredictiveMaintenance.Pipeline;

public sealed partial class BatchPipeline
{
    /// <summary>The registered name of the anomaly detector.</summary>
    public const string AnomalyModelName = "anomaly-isolation-forest";

    /// <summary>The registered name of the time-until-service regressor.</summary>
    public const string TimeToServiceModelName = "time-until-service";

    /// <summary>The experiment the training runs are logged under.</summary>
    public const string ExperimentName = "batch-pipeline";

    /// <summary>The anomaly detector's promotion rule: the ROC AUC of its scores against failures within the horizon on the held-out days, higher is better.</summary>
    public static PromotionRule AnomalyPromotionRule { get; } = new("test_roc_auc", HigherIsBetter: true);

    /// <summary>The time-until-service regressor's promotion rule: the mean absolute error in hours on the held-out days, lower is better.</summary>
    public static PromotionRule TimeToServicePromotionRule { get; } = new("test_mae_hours", HigherIsBetter: false);

    /// <summary>
    /// Trains the models from the tables as they are: builds the training set from the features table and the
    /// maintenance, error and failure logs and machines table, holds out the last <see cref="TrainingOptions.TestDays"/>
    /// days, trains the Isolation Forest on rows with no failure within the horizon and the time-until-service regressor,
    /// logs each as a run (parameters, metrics, lineage: Delta table versions, feature specification, seed), registers
    /// a version of each, and promotes it when its promotion rule passes.
    /// </summary>
    /// <param name="cancellationToken">Cancels the training.</param>
    /// <exception cref="PredictiveMaintenanceException">Nothing was ingested yet.</exception>
    /// <exception cref="PipelineBusyException">Another run of this pipeline holds its lock.</exception>
    /// <exception cref="PipelineConfigurationException">A log file is not configured.</exception>
    public async Task<TrainingSummary> TrainAsync(CancellationToken cancellationToken = default)
    {
        long started = _time.GetTimestamp();
        MaintenanceLogOptions logsOptions = Options.Logs;
        MaintenanceLogs logs = await ReadLogsAsync(cancellationToken).ConfigureAwait(false);

        ObjectLease held = await PipelineLock.AcquireAsync(_state, cancellationToken).ConfigureAwait(false);
        await using ConfiguredAsyncDisposable release = held.ConfigureAwait(false);
        if (await SnapshotOrNullAsync(TelemetryTablePath, cancellationToken).ConfigureAwait(false) is not { } telemetrySnapshot
            || await SnapshotOrNullAsync(FeaturesTablePath, cancellationToken).ConfigureAwait(false) is not { } featureSnapshot)
        {
            throw new PredictiveMaintenanceException($"Nothing to train on: '{TelemetryTablePath}' or '{FeaturesTablePath}' does not exist yet; ingest first.");
        }

        TelemetryTable telemetry = (await telemetrySnapshot.ReadTelemetryAsync(cancellationToken: cancellationToken).ConfigureAwait(false)).Table;
        TelemetryTable features = (await featureSnapshot.ReadTelemetryAsync(cancellationToken: cancellationToken).ConfigureAwait(false)).Table;
        if (telemetry.RowCount == 0)
        {
            throw new PredictiveMaintenanceException($"Nothing to train on: '{TelemetryTablePath}' has no rows.");
        }

        string[] logPaths = [.. new[] { logsOptions.Machines!, logsOptions.Maintenance!, logsOptions.Errors!, logsOptions.Failures! }.Select(Options.ResolvePath)];
        TrainingOptions training = Options.Training;
        TrainingSet set = TrainingSet.Build(telemetry, features, logs, TrainingSetOptions);
        long lastTime = telemetry.Times.ToArray().Max();
        TrainTestSplit split = set.SplitByTime(lastTime - (training.TestDays * UnixTime.MicrosecondsPerDay));
        LogTrainingSet(_logger, set.Table.RowCount, split.Train.Table.RowCount, split.Test.Table.RowCount, set.FeatureColumns.Count);
        if (split.Train.Table.RowCount == 0 || split.Test.Table.RowCount == 0)
        {
            long firstTime = telemetry.Times.ToArray().Min();
            throw new PredictiveMaintenanceException(FormattableString.Invariant(
                $"Not enough history to train: the telemetry spans {UnixTime.Format(firstTime)} to {UnixTime.Format(lastTime)}, and with the last {training.TestDays} days held out ($.training.testDays) and a {Options.Training.HorizonHours} h embargo before them ($.training.horizonHours), the training part has {split.Train.Table.RowCount} rows and the held-out part {split.Test.Table.RowCount}. Ingest more days or lower $.training.testDays."));
        }


        FolderTrackingStore store = await FolderTrackingStore.OpenAsync(TrackingFolder, Options.Storage, cancellationToken).ConfigureAwait(false);
        var tracker = new ExperimentTracker(store, _time);
        var registry = new ModelRegistry(store, _time);
        List<DataInput> inputs =
        [
            DataInput.DeltaTable(TelemetryTablePath, telemetrySnapshot.Version),
            DataInput.DeltaTable(FeaturesTablePath, featureSnapshot.Version),
            .. await Task.WhenAll(logPaths.Select(p => DataInput.FileAsync(p, cancellationToken))).ConfigureAwait(false),
        ];
        var lineage = new RunLineage(inputs, _spec.ToString(), PackageVersion, training.Seed);
        var context = new TrainingContext(set, split, tracker, registry, lineage, telemetry.Schema);

        TrainedModel anomaly = await TrainAnomalyDetectorAsync(context, cancellationToken).ConfigureAwait(false);
        TrainedModel service = await TrainTimeToServiceAsync(context, cancellationToken).ConfigureAwait(false);
        return new TrainingSummary(split.Train.Table.RowCount, split.Test.Table.RowCount, [anomaly, service]) { Elapsed = _time.GetElapsedTime(started) };
    }

    private static string PackageVersion =>
        typeof(BatchPipeline).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "unknown";

    private async Task<TrainedModel> TrainAnomalyDetectorAsync(TrainingContext context, CancellationToken cancellationToken)
    {
        AnomalyModelOptions options = Options.Training.Anomaly;

        // The detector learns how the sensors behave: their readings and windowed features, not the maintenance
        // history columns, which are missing for assets without such events and describe no sensor state.
        string[] columns = [.. context.InputSchema.Channels.Select(c => c.Name), .. _spec.OutputNames];
        (FeatureMatrix train, bool[] trainFailing) = Complete(context.Split.Train, columns);
        (FeatureMatrix test, bool[] testFailing) = Complete(context.Split.Test, columns);
        FeatureMatrix normal = Select(train, trainFailing, wanted: false);
        var trainer = new IsolationForestTrainer(new IsolationForestOptions
        {
            Trees = options.Trees,
            MaxSamples = options.MaxSamples,
            Seed = Options.Training.Seed,
            Threshold = ThresholdRule.Contamination(options.Contamination),
        });
        IsolationForestDetector detector = trainer.Fit(normal);
        double[] scores = detector.Score(test);
        var metrics = new Dictionary<string, double>(StringComparer.Ordinal)
        {
            ["train_normal_rows"] = normal.RowCount,
            ["test_rows"] = test.RowCount,
            ["test_failing_rows"] = testFailing.Count(f => f),
            [AnomalyPromotionRule.Metric] = AnomalyRanking.RocAuc(testFailing, scores),
            ["test_average_precision"] = AnomalyRanking.AveragePrecision(testFailing, scores),
            ["threshold"] = detector.Threshold,
        };
        var parameters = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["model"] = IsolationForestDetector.ArtifactModelType,
            ["trees"] = options.Trees.ToString(CultureInfo.InvariantCulture),
            ["max_samples"] = options.MaxSamples.ToString(CultureInfo.InvariantCulture),
            ["contamination"] = options.Contamination.ToString("R", CultureInfo.InvariantCulture),
        };
        return await TrackAndRegisterAsync(context, AnomalyModelName, parameters, metrics, detector.ToArtifact(), AnomalyPromotionRule, cancellationToken).ConfigureAwait(false);
    }

    private async Task<TrainedModel> TrainTimeToServiceAsync(TrainingContext context, CancellationToken cancellationToken)
    {
        TimeToServiceModelOptions options = Options.Training.TimeToService;
        IReadOnlyList<string> columns = context.Set.FeatureColumns;
        string label = context.Set.TimeToServiceColumn;
        double cap = options.CapDays * 24.0;
        int trainLabelled = CountFinite(context.Split.Train.Table.GetChannel(label));
        int testLabelled = CountFinite(context.Split.Test.Table.GetChannel(label));
        if (trainLabelled == 0 || testLabelled == 0)
        {
            throw new PredictiveMaintenanceException(FormattableString.Invariant(
                $"The time-until-service model needs rows with a known {label} on both sides of the split; the training part has {trainLabelled} and the held-out part {testLabelled}."));
        }

        // The training set's columns are already the windowed features and event history, so the regressor reads each
        // as it is (a one-row mean); its normalization fills a missing value (event columns of assets without such
        // events) with the column's training mean, and that fit is saved with the trees, so scoring fills alike. A
        // column with no value in the training part (no failure of a component yet) is dropped by the normalization.
        BoostedRegressionModel model = BoostedRegressor.Fit(context.Split.Train.Table, new BoostedRegressorOptions
        {
            Algorithm = BoostingAlgorithm.FastTree,
            DefaultFeatures = "mean(1)",
            Iterations = options.Trees,
            Leaves = options.Leaves,
            MinimumRowsPerLeaf = options.MinimumRowsPerLeaf,
            LearningRate = options.LearningRate,
            RemainingLifeCap = cap,
            LabelChannel = label,
            Normalization = new NormalizationOptions { Channels = columns, OperatingConditions = 1, MinDistinctValues = 1 },
            Seed = Options.Training.Seed,
        });
        double[] predicted = model.PredictRows(context.Split.Test.Table);
        double[] target = RemainingLife.Targets(context.Split.Test.Table, label, cap);
        int[] known = [.. Enumerable.Range(0, target.Length).Where(r => double.IsFinite(target[r]))];
        RegressionEvaluation evaluation = Regression.Evaluate([.. known.Select(r => predicted[r])], [.. known.Select(r => target[r])]);
        var metrics = new Dictionary<string, double>(StringComparer.Ordinal)
        {
            ["train_rows"] = trainLabelled,
            ["test_rows"] = testLabelled,
            [TimeToServicePromotionRule.Metric] = evaluation.MeanAbsoluteError,
            ["test_rmse_hours"] = evaluation.RootMeanSquaredError,
        };
        var parameters = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["model"] = BoostedRegressionModel.ModelType,
            ["algorithm"] = model.Algorithm.ToString(),
            ["label"] = label,
            ["cap_days"] = options.CapDays.ToString(CultureInfo.InvariantCulture),
            ["trees"] = options.Trees.ToString(CultureInfo.InvariantCulture),
            ["leaves"] = options.Leaves.ToString(CultureInfo.InvariantCulture),
            ["min_rows_per_leaf"] = options.MinimumRowsPerLeaf.ToString(CultureInfo.InvariantCulture),
            ["learning_rate"] = options.LearningRate.ToString("R", CultureInfo.InvariantCulture),
        };
        return await TrackAndRegisterAsync(context, TimeToServiceModelName, parameters, metrics, model.ToArtifact(), TimeToServicePromotionRule, cancellationToken).ConfigureAwait(false);
    }

    private static int CountFinite(ReadOnlySpan<double> values)
    {
        int count = 0;
        foreach (double value in values)
        {
            count += double.IsFinite(value) ? 1 : 0;
        }

        return count;
    }

    private async Task<TrainedModel> TrackAndRegisterAsync(
        TrainingContext context, string name, Dictionary<string, string> parameters, Dictionary<string, double> metrics, ModelArtifact artifact, PromotionRule rule, CancellationToken cancellationToken)
    {
        TrackedRun run = await context.Tracker.StartRunAsync(ExperimentName, name, cancellationToken: cancellationToken).ConfigureAwait(false);
        await using (run.ConfigureAwait(false))
        {
            parameters["seed"] = Options.Training.Seed.ToString(CultureInfo.InvariantCulture);
            parameters["horizon_hours"] = Options.Training.HorizonHours.ToString(CultureInfo.InvariantCulture);
            parameters["test_days"] = Options.Training.TestDays.ToString(CultureInfo.InvariantCulture);
            parameters["feature_columns"] = context.Set.FeatureColumns.Count.ToString(CultureInfo.InvariantCulture);
            await run.LogParametersAsync(parameters, cancellationToken).ConfigureAwait(false);
            // A metric that is undefined on these data (a ROC AUC with no failure held out) is left out rather than logged as NaN.
            foreach (string key in metrics.Where(p => !double.IsFinite(p.Value)).Select(p => p.Key).ToList())
            {
                metrics.Remove(key);
            }

            await run.LogMetricsAsync(metrics, cancellationToken: cancellationToken).ConfigureAwait(false);

            await run.SetLineageAsync(context.Lineage, cancellationToken).ConfigureAwait(false);
            string file = Path.Combine(Path.GetTempPath(), "pdm-artifacts", $"{name}-{run.Id}.pdm-model");
            Directory.CreateDirectory(Path.GetDirectoryName(file)!);
            await artifact.SaveAsync(file, cancellationToken).ConfigureAwait(false);
            await run.LogArtifactAsync(file, cancellationToken: cancellationToken).ConfigureAwait(false);
            // The models read rows as the training set presents them (features from the features table, event history
            // from the logs), so the registered input is that schema and no feature specification: a scorer computes
            // nothing, and the pipeline's scoring step builds the same columns (the specification is in the lineage).
            ModelVersion version = await context.Registry.RegisterAsync(
                name,
                file,
                new NewModelVersion { RunId = run.Id, InputSchema = context.Set.Table.Schema, Metrics = metrics, Lineage = context.Lineage },
                cancellationToken).ConfigureAwait(false);
            File.Delete(file);
            await run.EndAsync(RunStatus.Finished, cancellationToken).ConfigureAwait(false);

            double value = metrics.GetValueOrDefault(rule.Metric, double.NaN);
            PromotionDecision decision = !Options.Training.Promote
                ? new PromotionDecision(false, "promotion is off ($.training.promote is false)", value, null)
                : double.IsNaN(value)
                    ? new PromotionDecision(false, $"{rule.Metric} is undefined on the held-out days", value, null)
                    : await context.Registry.PromoteAsync(name, version.Version, rule, "pdm", "trained by the batch pipeline", cancellationToken).ConfigureAwait(false);
            LogModel(_logger, name, version.Version, rule.Metric, value, decision.Promoted, decision.Reason);
            return new TrainedModel(name, version.Version, run.Id, metrics, decision.Promoted, decision.Reason);
        }
    }

    /// <summary>The rows with every feature present, and whether each fails within the horizon.</summary>
    private static (FeatureMatrix Rows, bool[] Failing) Complete(TrainingSet set, string[] columns)
    {
        FeatureMatrix all = FeatureMatrix.FromTable(set.Table, columns);
        ReadOnlySpan<double> label = set.Table.GetChannel(set.FailsWithinColumn);
        var values = new List<double>(all.Values.Length);
        var failing = new List<bool>(all.RowCount);
        for (int row = 0; row < all.RowCount; row++)
        {
            if (!all.HasMissing(row) && !double.IsNaN(label[row]))
            {
                values.AddRange(all.GetRow(row));
                failing.Add(label[row] > 0);
            }
        }

        return (new FeatureMatrix(values.ToArray(), columns.Length, columns), [.. failing]);
    }

    private static FeatureMatrix Select(FeatureMatrix rows, bool[] failing, bool wanted)
    {
        var values = new List<double>(rows.Values.Length);
        for (int row = 0; row < rows.RowCount; row++)
        {
            if (failing[row] == wanted)
            {
                values.AddRange(rows.GetRow(row));
            }
        }

        return new FeatureMatrix(values.ToArray(), rows.ColumnCount, rows.ColumnNames);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Training set: {Rows} rows ({TrainRows} to train, {TestRows} held out), {Features} feature columns")]
    private static partial void LogTrainingSet(ILogger logger, int rows, int trainRows, int testRows, int features);

    [LoggerMessage(Level = LogLevel.Information, Message = "Registered {Model} version {Version} ({Metric} {Value}); promoted {Promoted}: {Reason}")]
    private static partial void LogModel(ILogger logger, string model, int version, string metric, double value, bool promoted, string reason);

    private sealed record TrainingContext(TrainingSet Set, TrainTestSplit Split, ExperimentTracker Tracker, ModelRegistry Registry, RunLineage Lineage, TelemetrySchema InputSchema);
}
