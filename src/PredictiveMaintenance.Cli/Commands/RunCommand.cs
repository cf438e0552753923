using System.CommandLine;
using Microsoft.Extensions.Logging;
using PredictiveMaintenance.Pipeline;

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
        command.SetAction((parse, cancellationToken) => CommandRunner.RunAsync(parse, async output =>
        {
            using ILoggerFactory logging = PipelineCommand.CreateLogging(parse.GetValue(logLevel));
            BatchPipelineOptions options = PipelineCommand.Load(parse.GetValue(config)!);
            var pipeline = new BatchPipeline(options, logging);
            if (!parse.GetValue(schedule))
            {
                await WriteRunAsync(output, await pipeline.RunOnceAsync(cancellationToken: cancellationToken));
                return;
            }

            if (options.Schedule.Cron is not { } cron)
            {
                throw new PipelineConfigurationException("$.schedule.cron: a value is required for 'pdm run --schedule'.");
            }

            var scheduler = new BatchScheduler(cron, TimeZoneInfo.FindSystemTimeZoneById(options.Schedule.TimeZone), logger: logging.CreateLogger<BatchScheduler>());
            await output.WriteLineAsync($"Running batches at '{cron}' ({options.Schedule.TimeZone}); Ctrl+C stops.");
            int runs = await scheduler.RunAsync(async (_, ct) => await WriteRunAsync(output, await pipeline.RunOnceAsync(cancellationToken: ct)), cancellationToken);
            await output.WriteLineAsync($"Stopped after {runs} batches.");
        }));
        return command;
    }

    private static async Task WriteRunAsync(TextWriter output, BatchRunSummary run)
    {
        await PipelineCommand.WriteIngestAsync(output, run.Ingest);
        if (run.Training is { } training)
        {
            await PipelineCommand.WriteTrainingAsync(output, training);
        }

        await PipelineCommand.WriteScoringAsync(output, run.Scoring);
        if (run.Dashboard is { } dashboard)
        {
            await output.WriteLineAsync($"dashboard   {dashboard}");
        }
    }
}
