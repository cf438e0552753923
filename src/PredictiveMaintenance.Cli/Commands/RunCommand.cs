using System.CommandLine;
using Microsoft.Extensions.Logging;
using PredictiveMaintenance.Cli.Display;
using PredictiveMaintenance.Pipeline;
using Spectre.Console;

namespace PredictiveMaintenance.Cli.Commands;

/// <summary><c>pdm run [--schedule]</c>: one batch (ingest, train when configured, score, dashboard), or batches on the configured cron schedule until stopped.</summary>
internal static class RunCommand
{
    public static Command Create()
    {
        Option<FileInfo> config = PipelineCommand.ConfigOption();
        Option<LogLevel> logLevel = PipelineCommand.LogLevelOption();
        var schedule = new Option<bool>("--schedule") { Description = "Run batches at the occurrences of $.schedule.cron until stopped (Ctrl+C), one at a time." };
        var command = new Command("run", "Run one batch: ingest new staged files, train when $.training.afterIngest is true, score with the Production models, write the dashboard. With --schedule, run on the configured cron schedule.") { config, logLevel, schedule };
        command.SetAction((parse, cancellationToken) => CommandRunner.RunAsync(parse, async console =>
        {
            TextWriter output = console.Writer;
            using ILoggerFactory logging = PipelineCommand.CreateLogging(parse, logLevel, console);
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
