using System.CommandLine;
using Microsoft.Extensions.Logging;
using PredictiveMaintenance.Pipeline;

namespace PredictiveMaintenance.Cli.Commands;

/// <summary><c>pdm ingest</c>: ingest the staged files not ingested yet (and complete an interrupted batch).</summary>
internal static class IngestCommand
{
    public static Command Create()
    {
        Option<FileInfo> config = PipelineCommand.ConfigOption();
        Option<LogLevel> logLevel = PipelineCommand.LogLevelOption();
        var command = new Command("ingest", "Ingest new staged files exactly once: clean them, quarantine bad rows, append telemetry and features to their Delta tables.") { config, logLevel };
        command.SetAction((parse, cancellationToken) => CommandRunner.RunAsync(parse, async console =>
        {
            using ILoggerFactory logging = PipelineCommand.CreateLogging(parse, logLevel, console);
            var pipeline = new BatchPipeline(PipelineCommand.Load(parse.GetValue(config)!), logging);
            IngestSummary summary = await console.WithProgressAsync(board => pipeline.IngestAsync(new IngestProgress(board.AddIndeterminate("ingest")), cancellationToken));
            await PipelineCommand.WriteIngestAsync(console, summary);
            PipelineCommand.WriteStages(console, summary, training: null, scoring: null);
        }));
        return command;
    }
}
