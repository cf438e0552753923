namespace PredictiveMaintenance.Pipeline;

/// <summary>What one ingest run did.</summary>
/// <param name="Batches">The files ingested by this run (new ones and resumed ones), in order.</param>
/// <param name="AlreadyIngested">Staged files skipped because their content was ingested before (under this name or another).</param>
/// <param name="Tables">The tables after the run.</param>
public sealed record IngestSummary(IReadOnlyList<FileBatch> Batches, int AlreadyIngested, PipelineTables Tables)
{
    /// <summary>Rows read from the files of this run.</summary>
    public long RowsRead => Batches.Sum(b => b.RowsRead);

    /// <summary>Rows appended to the telemetry table.</summary>
    public long RowsAccepted => Batches.Sum(b => b.RowsAccepted);

    /// <summary>Rows rejected by the data quality rules.</summary>
    public long RowsQuarantined => Batches.Sum(b => b.RowsQuarantined);

    /// <summary>Clean rows reported late (not later than their asset's last ingested row).</summary>
    public long RowsLate => Batches.Sum(b => b.RowsLate);

    /// <summary>Rows appended to the features table.</summary>
    public long FeatureRows => Batches.Sum(b => b.FeatureRows);

    /// <summary>How long the ingest took, measured with the pipeline's <see cref="TimeProvider"/>.</summary>
    public TimeSpan Elapsed { get; init; }

    /// <summary>A one-line summary.</summary>
    public override string ToString() => FormattableString.Invariant(
        $"{Batches.Count} files ingested ({AlreadyIngested} already ingested): {RowsRead} rows read = {RowsAccepted} accepted + {RowsQuarantined} quarantined + {RowsLate} late; {FeatureRows} feature rows");
}

/// <summary>The pipeline's Delta tables and their versions.</summary>
/// <param name="Telemetry">The clean telemetry table's root.</param>
/// <param name="TelemetryVersion">Its version, or null when it does not exist yet.</param>
/// <param name="Quarantine">The quarantine table's root.</param>
/// <param name="QuarantineVersion">Its version, or null when it does not exist yet.</param>
/// <param name="Features">The features table's root.</param>
/// <param name="FeaturesVersion">Its version, or null when it does not exist yet.</param>
/// <param name="DataQuality">The data-quality summary table's root.</param>
/// <param name="DataQualityVersion">Its version, or null when it does not exist yet.</param>
/// <param name="Predictions">The predictions table's root.</param>
/// <param name="PredictionsVersion">Its version, or null when it does not exist yet.</param>
public sealed record PipelineTables(
    string Telemetry,
    long? TelemetryVersion,
    string Quarantine,
    long? QuarantineVersion,
    string Features,
    long? FeaturesVersion,
    string DataQuality,
    long? DataQualityVersion,
    string Predictions,
    long? PredictionsVersion);

/// <summary>A model trained, logged and registered by <see cref="BatchPipeline.TrainAsync"/>.</summary>
/// <param name="Name">The registered model's name.</param>
/// <param name="Version">The registered version.</param>
/// <param name="RunId">The tracked run that trained it.</param>
/// <param name="Metrics">Its evaluation on the held-out days.</param>
/// <param name="Promoted">Whether it was promoted to Production.</param>
/// <param name="PromotionReason">Why it was or was not promoted.</param>
public sealed record TrainedModel(string Name, int Version, string RunId, IReadOnlyDictionary<string, double> Metrics, bool Promoted, string PromotionReason);

/// <summary>What one training run did.</summary>
/// <param name="TrainingRows">Rows of the training part of the set.</param>
/// <param name="TestRows">Rows of the held-out part.</param>
/// <param name="Models">The models trained.</param>
public sealed record TrainingSummary(int TrainingRows, int TestRows, IReadOnlyList<TrainedModel> Models)
{
    /// <summary>How long the training (reading the tables and logs, training, logging, registering, promoting) took, measured with the pipeline's <see cref="TimeProvider"/>.</summary>
    public TimeSpan Elapsed { get; init; }
}

/// <summary>What one model's scoring by <see cref="BatchPipeline.ScoreAsync"/> did.</summary>
/// <param name="Name">The registered model's name.</param>
/// <param name="Version">Its Production version that scored.</param>
/// <param name="RowsWritten">Predictions appended to the predictions table.</param>
/// <param name="RowsUnscored">Rows the model gave no prediction for (missing inputs, such as the first hours of a window); they are not written.</param>
/// <param name="AlreadyScored">Whether every ingested row had been scored by this version before, so nothing was written.</param>
public sealed record ScoredModel(string Name, int Version, long RowsWritten, int RowsUnscored, bool AlreadyScored);

/// <summary>What one scoring run did.</summary>
/// <param name="PredictionsTable">The predictions Delta table's root.</param>
/// <param name="Models">The Production models that scored; empty when none is promoted yet.</param>
public sealed record ScoringSummary(string PredictionsTable, IReadOnlyList<ScoredModel> Models)
{
    /// <summary>Predictions appended by all models.</summary>
    public long RowsWritten => Models.Sum(m => m.RowsWritten);

    /// <summary>How long the scoring took, measured with the pipeline's <see cref="TimeProvider"/>.</summary>
    public TimeSpan Elapsed { get; init; }
}

/// <summary>What one batch run (<see cref="BatchPipeline.RunOnceAsync"/>) did.</summary>
/// <param name="Ingest">The ingest.</param>
/// <param name="Training">The training, when it ran.</param>
/// <param name="Scoring">The scoring by the Production models.</param>
/// <param name="Dashboard">The HTML dashboard written at the end of the run, or null when nothing was ingested yet.</param>
public sealed record BatchRunSummary(IngestSummary Ingest, TrainingSummary? Training, ScoringSummary Scoring, string? Dashboard)
{
    /// <summary>How long the whole run (the dashboard included) took, measured with the pipeline's <see cref="TimeProvider"/>.</summary>
    public TimeSpan Elapsed { get; init; }
}
