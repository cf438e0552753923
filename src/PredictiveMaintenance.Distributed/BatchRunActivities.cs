using DurableTask.Core;
using Microsoft.Extensions.Logging;
using PredictiveMaintenance.Pipeline;
using PredictiveMaintenance.Tracking;

namespace PredictiveMaintenance.Distributed;

/// <summary>A step of a run on a worker: the pipeline opened from the run's configuration file, then one of its sharded steps.</summary>
/// <remarks>The framework delivers a step at least once; every step is idempotent (see <see cref="BatchPipeline.PlanShardedIngestAsync"/>).</remarks>
internal abstract class BatchRunActivity<TInput, TResult>(ILoggerFactory loggerFactory) : AsyncTaskActivity<TInput, TResult>
{
    protected BatchPipeline Open(string configuration) => new(BatchPipelineConfiguration.Load(configuration), loggerFactory);
}

internal sealed class SplitFileActivity(ILoggerFactory loggerFactory) : BatchRunActivity<StepInput, FileSplit>(loggerFactory)
{
    protected override Task<FileSplit> ExecuteAsync(TaskContext context, StepInput input) =>
        Open(input.Configuration).SplitFileAsync(input.Plan, input.Item);
}

internal sealed class IngestShardActivity(ILoggerFactory loggerFactory) : BatchRunActivity<StepInput, ShardIngest>(loggerFactory)
{
    protected override Task<ShardIngest> ExecuteAsync(TaskContext context, StepInput input) =>
        Open(input.Configuration).IngestShardAsync(input.Plan, checked((int)input.Item));
}

internal sealed class CompleteIngestActivity(ILoggerFactory loggerFactory) : BatchRunActivity<CompleteInput, IngestCounts>(loggerFactory)
{
    protected override async Task<IngestCounts> ExecuteAsync(TaskContext context, CompleteInput input)
    {
        IngestSummary summary = await Open(input.Configuration).CompleteShardedIngestAsync(input.Plan, input.Splits, input.Shards).ConfigureAwait(false);
        return new IngestCounts(summary.RowsRead, summary.RowsAccepted, summary.RowsQuarantined, summary.RowsLate, summary.FeatureRows);
    }
}

/// <summary>Trains and registers the pipeline's models, unless their newest versions were already trained on the telemetry table's current version (a step delivered twice).</summary>
internal sealed class TrainActivity(ILoggerFactory loggerFactory) : BatchRunActivity<StepInput, string[]>(loggerFactory)
{
    protected override async Task<string[]> ExecuteAsync(TaskContext context, StepInput input)
    {
        BatchPipeline pipeline = Open(input.Configuration);
        long? telemetryVersion = (await pipeline.GetTablesAsync().ConfigureAwait(false)).TelemetryVersion;
        if (await TrainedOnAsync(pipeline, telemetryVersion).ConfigureAwait(false) is { Length: > 0 } already)
        {
            return already;
        }

        TrainingSummary summary = await pipeline.TrainAsync().ConfigureAwait(false);
        return [.. summary.Models.Select(m => $"{m.Name}/{m.Version}")];
    }

    private static async Task<string[]?> TrainedOnAsync(BatchPipeline pipeline, long? telemetryVersion)
    {
        if (telemetryVersion is null)
        {
            return null;
        }

        var registry = new ModelRegistry(await FolderTrackingStore.OpenAsync(pipeline.TrackingFolder, pipeline.Options.Storage).ConfigureAwait(false));
        var trained = new List<string>();
        foreach (string name in (string[])[BatchPipeline.AnomalyModelName, BatchPipeline.TimeToServiceModelName])
        {
            IReadOnlyList<ModelVersion> versions = await registry.ListVersionsAsync(name).ConfigureAwait(false);
            if (versions.Count == 0 || versions[^1].Lineage?.Inputs.Any(i => i.Kind == DataInputKind.DeltaTable && i.Path == pipeline.TelemetryTablePath && i.Version == telemetryVersion) != true)
            {
                return null;
            }

            trained.Add($"{name}/{versions[^1].Version}");
        }

        return [.. trained];
    }
}

internal sealed class ScoreActivity(ILoggerFactory loggerFactory) : BatchRunActivity<StepInput, long>(loggerFactory)
{
    protected override async Task<long> ExecuteAsync(TaskContext context, StepInput input) =>
        (await Open(input.Configuration).ScoreAsync().ConfigureAwait(false)).Models.Sum(m => m.RowsWritten);
}

internal sealed class DashboardActivity(ILoggerFactory loggerFactory) : BatchRunActivity<StepInput, string?>(loggerFactory)
{
    protected override Task<string?> ExecuteAsync(TaskContext context, StepInput input) => Open(input.Configuration).WriteDashboardAsync();
}
