using System.CommandLine;
using Microsoft.Extensions.Logging;
using PredictiveMaintenance.Pipeline;

namespace PredictiveMaintenance.Cli.Commands;

/// <summary><c>pdm train</c>: train, log, register and (by the promotion rules) promote the models from the tables as they are.</summary>
internal static class TrainCommand
{
    public static Command Create()
    {
        Option<FileInfo> config = PipelineCommand.ConfigOption();
        Option<LogLevel> logLevel = PipelineCommand.LogLevelOption();
        var command = new Command("train", "Train the anomaly detector and the time-until-service model from the features table and the logs; log the runs, register the versions, promote by the rules.") { config, logLevel };
        command.SetAction((parse, cancellationToken) => CommandRunner.RunAsync(parse, async console =>
        {
            using ILoggerFactory logging = PipelineCommand.CreateLogging(parse, logLevel, console);
            var pipeline = new BatchPipeline(PipelineCommand.Load(parse.GetValue(config)!), logging);
            TrainingSummary summary = await console.WithProgressAsync(board =>
            {
                board.AddIndeterminate("train the anomaly detector and the time-until-service model");
                return pipeline.TrainAsync(cancellationToken);
            });
            await PipelineCommand.WriteTrainingAsync(console, summary);
            PipelineCommand.WriteStages(console, ingest: null, summary, scoring: null);
        }));
        return command;
    }
}
