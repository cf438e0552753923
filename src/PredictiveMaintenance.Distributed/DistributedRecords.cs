using PredictiveMaintenance.Pipeline;

namespace PredictiveMaintenance.Distributed;

/// <summary>What one distributed run did, as its orchestration returns it.</summary>
/// <param name="Run">The sharded run's name (<see cref="ShardedIngestPlan.Id"/>).</param>
/// <param name="Files">Staged files ingested.</param>
/// <param name="RowsRead">Rows read from them.</param>
/// <param name="RowsAccepted">Rows appended to the telemetry table.</param>
/// <param name="RowsQuarantined">Rows the data quality rules rejected.</param>
/// <param name="RowsLate">Rows not later than their asset's last ingested row.</param>
/// <param name="FeatureRows">Rows appended to the features table.</param>
/// <param name="ModelsTrained">The model versions registered (<c>name/version</c>); empty when the run trained nothing.</param>
/// <param name="PredictionsWritten">Predictions appended by the Production models.</param>
/// <param name="Dashboard">The dashboard written, or null when there is no telemetry yet.</param>
public sealed record DistributedRunResult(
    string Run,
    int Files,
    long RowsRead,
    long RowsAccepted,
    long RowsQuarantined,
    long RowsLate,
    long FeatureRows,
    IReadOnlyList<string> ModelsTrained,
    long PredictionsWritten,
    string? Dashboard);

/// <summary>A distributed run as the task hub knows it.</summary>
/// <param name="InstanceId">The orchestration's instance id: <c>pdm-&lt;pipeline&gt;-&lt;run&gt;</c>.</param>
/// <param name="Status">Pending, Running, Completed, Failed, Terminated or another of the framework's states.</param>
/// <param name="Created">When it was started (UTC).</param>
/// <param name="LastUpdated">When its state last changed (UTC).</param>
/// <param name="Result">What it did, once completed.</param>
/// <param name="Failure">Why it failed, once failed.</param>
public sealed record DistributedRunStatus(string InstanceId, string Status, DateTime Created, DateTime LastUpdated, DistributedRunResult? Result, string? Failure);

/// <summary>The input of a run's orchestration: the pipeline's configuration file, the plan, whether to train, and how many times each step is tried.</summary>
internal sealed record BatchRunInput(string Configuration, ShardedIngestPlan Plan, bool Train, int Attempts);

/// <summary>The input of a step of a run: the configuration, the plan, and the file's sequence or the shard.</summary>
internal sealed record StepInput(string Configuration, ShardedIngestPlan Plan, long Item);

/// <summary>The input of the step that completes the ingest.</summary>
internal sealed record CompleteInput(string Configuration, ShardedIngestPlan Plan, IReadOnlyList<FileSplit> Splits, IReadOnlyList<ShardIngest> Shards);

/// <summary>The counts of the completed ingest.</summary>
internal sealed record IngestCounts(long RowsRead, long RowsAccepted, long RowsQuarantined, long RowsLate, long FeatureRows);
