using System.CommandLine;
using System.Globalization;
using PredictiveMaintenance.Pipeline;
using PredictiveMaintenance.Tracking;

namespace PredictiveMaintenance.Cli.Commands;

/// <summary><c>pdm runs</c>: the pipeline's training runs, newest first.</summary>
internal static class RunsCommand
{
    public static Command Create()
    {
        Option<FileInfo> config = PipelineCommand.ConfigOption();
        var limit = new Option<int?>("--limit") { Description = "Show at most this many runs." };
        var command = new Command("runs", "List the training runs (newest first) with their status and held-out metrics.") { config, limit };
        command.SetAction((parse, cancellationToken) => CommandRunner.RunAsync(parse, async output =>
        {
            var tracker = new ExperimentTracker(await PipelineCommand.OpenStoreAsync(parse.GetValue(config)!, cancellationToken));
            IReadOnlyList<Run> runs = await tracker.SearchRunsAsync(BatchPipeline.ExperimentName, new RunQuery { Limit = parse.GetValue(limit) }, cancellationToken);
            await output.WriteLineAsync("run                               name                      status    started (UTC)        metrics");
            foreach (Run run in runs)
            {
                IReadOnlyDictionary<string, double> metrics = await tracker.GetLatestMetricsAsync(run.Id, cancellationToken);
                string shown = string.Join(", ", metrics.Where(m => m.Key.StartsWith("test_", StringComparison.Ordinal)).OrderBy(m => m.Key, StringComparer.Ordinal)
                    .Select(m => FormattableString.Invariant($"{m.Key} {m.Value:0.####}")));
                await output.WriteLineAsync($"{run.Id}  {run.Name,-24}  {run.Status,-8}  {run.Start.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture)}  {shown}");
            }
        }));
        return command;
    }
}
