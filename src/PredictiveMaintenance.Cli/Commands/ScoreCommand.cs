using System.CommandLine;
using Microsoft.Extensions.Logging;
using PredictiveMaintenance.Pipeline;

namespace PredictiveMaintenance.Cli.Commands;

/// <summary><c>pdm score</c>: score the ingested rows the Production models have not scored yet into the predictions table.</summary>
internal static class ScoreCommand
{
    public static Command Create()
    {
        Option<FileInfo> config = PipelineCommand.ConfigOption();
        Option<LogLevel> logLevel = PipelineCommand.LogLevelOption();
        var command = new Command("score", "Score the ingested rows that the Production anomaly and time-until-service models have not scored yet into the predictions Delta table; scoring again adds nothing.") { config, logLevel };
        command.SetAction((parse, cancellationToken) => CommandRunner.RunAsync(parse, async console =>
        {
            using ILoggerFactory logging = PipelineCommand.CreateLogging(parse, logLevel, console);
            var pipeline = new BatchPipeline(PipelineCommand.Load(parse.GetValue(config)!), logging);
            ScoringSummary summary = await console.WithProgressAsync(board =>
            {
                board.AddIndeterminate("score with the Production models");
                return pipeline.ScoreAsync(cancellationToken);
            });
            await PipelineCommand.WriteScoringAsync(console, summary);
            PipelineCommand.WriteStages(console, ingest: null, training: null, summary);
        }));
        return command;
    }
}
