using System.CommandLine;
using PredictiveMaintenance.Pipeline;

namespace PredictiveMaintenance.Cli.Commands;

/// <summary><c>pdm init &lt;folder&gt;</c>: a ready pipeline folder with the Azure predictive-maintenance data staged in daily files.</summary>
internal static class InitCommand
{
    public static Command Create()
    {
        var folder = new Argument<DirectoryInfo>("folder") { Description = "The folder to create (it must not hold a pdm.json yet)." };
        var data = new Option<DirectoryInfo?>("--data")
        {
            Description = "A folder with the Azure PdM files (PdM_telemetry*, PdM_machines, PdM_maint, PdM_errors, PdM_failures; plain or gzip). Default: the data shipped with the repository's build.",
        };
        var command = new Command("init", "Write a ready pdm.json, the maintenance logs and daily telemetry files in staging/ into a folder; then 'pdm run' in it.") { folder, data };
        command.SetAction((parse, cancellationToken) => CommandRunner.RunAsync(parse, async output =>
        {
            DirectoryInfo target = parse.GetValue(folder)!;
            string config = Path.Combine(target.FullName, BatchPipelineConfiguration.DefaultFileName);
            if (File.Exists(config))
            {
                throw new ArgumentException($"'{config}' already exists; 'pdm init' never overwrites a pipeline.");
            }

            string source = parse.GetValue(data)?.FullName ?? Path.Combine(ShippedData.Root, ShippedData.AzurePdm);
            if (!Directory.Exists(source))
            {
                throw new DirectoryNotFoundException($"The data folder '{source}' does not exist; pass --data <folder with the Azure PdM files>.");
            }

            await AzurePdmStarter.CreateAsync(target.FullName, source, cancellationToken);
            int staged = Directory.GetFiles(Path.Combine(target.FullName, "staging")).Length;
            await output.WriteLineAsync($"Created {config} with logs/ and {staged} staged telemetry files.");
            await output.WriteLineAsync($"Next: cd {target.FullName} && pdm run");
        }));
        return command;
    }
}
