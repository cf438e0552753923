using System.CommandLine;
using Microsoft.Extensions.Logging;
using PredictiveMaintenance.Cli.Display;
using PredictiveMaintenance.Distributed;
using PredictiveMaintenance.Pipeline;
using Spectre.Console;

namespace PredictiveMaintenance.Cli.Commands;

/// <summary>
/// <c>pdm run [--schedule]</c>: one batch (ingest, train when configured, score, dashboard), or batches on the
/// configured cron schedule until stopped; with <c>--distributed</c>, one batch started in a task hub for the workers.
/// </summary>
internal static class RunCommand
{
    public static Command Create()
    {
        Option<FileInfo> config = PipelineCommand.ConfigOption();
        Option<LogLevel> logLevel = PipelineCommand.LogLevelOption();
        var schedule = new Option<bool>("--schedule") { Description = "Run batches at the occurrences of $.schedule.cron until stopped (Ctrl+C), one at a time." };
        var distributed = new Option<bool>("--distributed") { Description = "Start the batch in a task hub (--hub, --storage) for 'pdm worker' processes to carry out, in shards, and wait for it." };
        var waitMinutes = new Option<double>("--wait-minutes") { Description = "With --distributed, how long to wait for the run; 0 starts it and returns.", DefaultValueFactory = _ => 60 };
        var hub = new DistributedCommand.HubOptions();
        var command = new Command("run", "Run one batch: ingest new staged files, train when $.training.afterIngest is true, score with the Production models, write the dashboard. With --schedule, run on the configured cron schedule; with --distributed, on the workers of a task hub.")
        {
            config, logLevel, schedule, distributed, waitMinutes,
        };
        foreach (Option option in hub.All)
        {
            option.Required = false;
            command.Options.Add(option);
        }

        command.SetAction((parse, cancellationToken) => CommandRunner.RunAsync(parse, async console =>
        {
            TextWriter output = console.Writer;
            using ILoggerFactory logging = PipelineCommand.CreateLogging(parse, logLevel, console);
            if (parse.GetValue(distributed))
            {
                if (parse.GetValue(hub.Hub) is null)
                {
                    throw new ArgumentException("--distributed needs --hub <task hub>.");
                }

                await RunDistributedAsync(output, hub.Read(parse), parse.GetValue(config)!, TimeSpan.FromMinutes(parse.GetValue(waitMinutes)), logging, cancellationToken);
                return;
            }

            BatchPipelineOptions options = PipelineCommand.Load(parse.GetValue(config)!);
            var pipeline = new BatchPipeline(options, logging);
            if (!parse.GetValue(schedule))
            {
                await RunBatchAsync(console, pipeline, cancellationToken);
                return;
            }

            if (options.Schedule.Cron is not { } cron)
            {
                throw new PipelineConfigurationException("$.schedule.cron: a value is required for 'pdm run --schedule'.");
            }

            var scheduler = new BatchScheduler(cron, TimeZoneInfo.FindSystemTimeZoneById(options.Schedule.TimeZone), logger: logging.CreateLogger<BatchScheduler>());
            await output.WriteLineAsync($"Running batches at '{cron}' ({options.Schedule.TimeZone}); Ctrl+C stops.");
            int runs = await scheduler.RunAsync(async (_, ct) => await RunBatchAsync(console, pipeline, ct), cancellationToken);
            await output.WriteLineAsync($"Stopped after {runs} batches.");
        }));
        return command;
    }

    private static async Task RunDistributedAsync(TextWriter output, DistributedOptions options, FileInfo config, TimeSpan wait, ILoggerFactory logging, CancellationToken cancellationToken)
    {
        using var runs = new DistributedRuns(options, logging);
        string id = await runs.StartAsync(config.FullName, cancellationToken);
        await output.WriteLineAsync($"Started {id} in task hub {options.TaskHub}.");
        if (wait <= TimeSpan.Zero)
        {
            return;
        }

        DistributedRunStatus status = await runs.WaitAsync(id, wait, cancellationToken)
            ?? throw new TimeoutException($"{id} did not finish within {wait.TotalMinutes:0.#} minutes; 'pdm status --hub {options.TaskHub}' follows it.");
        await output.WriteLineAsync(DistributedCommand.Describe(status));
        if (status.Result is null)
        {
            throw new PredictiveMaintenanceException($"{id} ended {status.Status}: {status.Failure}");
        }
    }

    private static async Task RunBatchAsync(PdmConsole console, BatchPipeline pipeline, CancellationToken cancellationToken)
    {
        BatchRunSummary run = await console.WithProgressAsync(board =>
        {
            ProgressTask ingest = board.AddIndeterminate("ingest");
            ProgressTask rest = board.AddIndeterminate("train, score and write the dashboard", start: false);
            return pipeline.RunOnceAsync(new IngestProgress(ingest, rest.StartTask), cancellationToken);
        });

        await PipelineCommand.WriteIngestAsync(console, run.Ingest);
        if (run.Training is { } training)
        {
            await PipelineCommand.WriteTrainingAsync(console, training);
        }

        await PipelineCommand.WriteScoringAsync(console, run.Scoring);
        if (run.Dashboard is { } dashboard)
        {
            await console.Writer.WriteLineAsync($"dashboard   {dashboard}");
        }

        // The run's summary times the ingest, training and scoring; what is left of its total is the dashboard.
        TimeSpan steps = run.Ingest.Elapsed + (run.Training?.Elapsed ?? TimeSpan.Zero) + run.Scoring.Elapsed;
        PipelineCommand.WriteStages(console, run.Ingest, run.Training, run.Scoring, run.Dashboard is { } path ? (path, run.Elapsed - steps) : null, run.Elapsed);
    }
}
