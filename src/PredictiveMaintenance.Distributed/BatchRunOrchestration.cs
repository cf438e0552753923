using System.Diagnostics.CodeAnalysis;
using DurableTask.Core;
using PredictiveMaintenance.Pipeline;

namespace PredictiveMaintenance.Distributed;

/// <summary>
/// One batch run (docs/design.md, "Distribution"): every file split in parallel, then every shard ingested in
/// parallel, then the ingest completed, then training (when configured and something was ingested), scoring and the
/// dashboard. The orchestration only schedules; the framework replays it from its history, so it does no I/O itself.
/// </summary>
internal sealed class BatchRunOrchestration : TaskOrchestration<DistributedRunResult, BatchRunInput>
{
    [SuppressMessage("Reliability", "CA2007:Consider calling ConfigureAwait on the awaited task", Justification = "An orchestration must resume on the framework's scheduler, which replays it deterministically.")]
    public override async Task<DistributedRunResult> RunTask(OrchestrationContext context, BatchRunInput input)
    {
        var retry = new RetryOptions(TimeSpan.FromSeconds(2), input.Attempts) { BackoffCoefficient = 2, MaxRetryInterval = TimeSpan.FromMinutes(1) };
        ShardedIngestPlan plan = input.Plan;
        IngestCounts counts = new(0, 0, 0, 0, 0);
        if (plan.Files.Count > 0)
        {
            FileSplit[] splits = await Task.WhenAll(plan.Files.Select(f =>
                context.ScheduleWithRetry<FileSplit>(typeof(SplitFileActivity), retry, new StepInput(input.Configuration, plan, f.Sequence))));
            ShardIngest[] shards = await Task.WhenAll(Enumerable.Range(0, plan.Shards).Select(k =>
                context.ScheduleWithRetry<ShardIngest>(typeof(IngestShardActivity), retry, new StepInput(input.Configuration, plan, k))));
            counts = await context.ScheduleWithRetry<IngestCounts>(typeof(CompleteIngestActivity), retry, new CompleteInput(input.Configuration, plan, splits, shards));
        }

        string[] trained = input.Train && plan.Files.Count > 0
            ? await context.ScheduleWithRetry<string[]>(typeof(TrainActivity), retry, new StepInput(input.Configuration, plan, 0))
            : [];
        long predictions = await context.ScheduleWithRetry<long>(typeof(ScoreActivity), retry, new StepInput(input.Configuration, plan, 0));
        string? dashboard = await context.ScheduleWithRetry<string?>(typeof(DashboardActivity), retry, new StepInput(input.Configuration, plan, 0));
        return new DistributedRunResult(
            plan.Id, plan.Files.Count, counts.RowsRead, counts.RowsAccepted, counts.RowsQuarantined, counts.RowsLate, counts.FeatureRows, trained, predictions, dashboard);
    }
}
