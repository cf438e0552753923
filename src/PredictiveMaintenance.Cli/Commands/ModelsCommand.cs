using System.CommandLine;
using PredictiveMaintenance.Tracking;

namespace PredictiveMaintenance.Cli.Commands;

/// <summary><c>pdm models</c>: the registered models, each version with its stage and metrics.</summary>
internal static class ModelsCommand
{
    public static Command Create()
    {
        Option<FileInfo> config = PipelineCommand.ConfigOption();
        var command = new Command("models", "List the registered models and their versions with stage, run and held-out metrics.") { config };
        command.SetAction((parse, cancellationToken) => CommandRunner.RunAsync(parse, async output =>
        {
            var registry = new ModelRegistry(await PipelineCommand.OpenStoreAsync(parse.GetValue(config)!, cancellationToken));
            foreach (string name in await registry.ListModelsAsync(cancellationToken))
            {
                await output.WriteLineAsync(name);
                foreach (ModelVersion version in await registry.ListVersionsAsync(name, cancellationToken))
                {
                    string metrics = string.Join(", ", version.Metrics.Where(m => m.Key.StartsWith("test_", StringComparison.Ordinal)).OrderBy(m => m.Key, StringComparer.Ordinal)
                        .Select(m => FormattableString.Invariant($"{m.Key} {m.Value:0.####}")));
                    await output.WriteLineAsync(FormattableString.Invariant($"  v{version.Version,-3} {version.Stage,-10} run {version.RunId ?? "-"}  {metrics}{(version.Aliases.Count == 0 ? "" : "  @" + string.Join(" @", version.Aliases))}"));
                }
            }
        }));
        return command;
    }
}
