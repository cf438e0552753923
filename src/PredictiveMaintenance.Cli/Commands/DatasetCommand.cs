using System.CommandLine;
using System.Globalization;
using PredictiveMaintenance.Cli.Display;
using Spectre.Console;

namespace PredictiveMaintenance.Cli.Commands;

/// <summary><c>pdm dataset list|info|extract</c>: the data sets a build of the repository ships, without the network.</summary>
internal static class DatasetCommand
{
    public static Command Create() => new("dataset", "The data sets shipped with a build of the repository (never downloaded): list them, describe one, extract one to start from.")
    {
        CreateList(),
        CreateInfo(),
        CreateExtract(),
    };

    private static Command CreateList()
    {
        var command = new Command("list", "List the shipped data sets: name, description, files, data rows, bytes and licence.");
        command.SetAction((parse, _) => CommandRunner.RunAsync(parse, async console =>
        {
            ShippedDataset[] datasets = [.. ShippedData.Available];
            if (datasets.Length == 0)
            {
                await console.Writer.WriteLineAsync($"pdm: {ShippedData.NoneShipped}");
                return;
            }

            Table table = console.CreateTable("name", "description", ">files", ">rows", ">bytes", "licence");
            foreach (ShippedDataset dataset in datasets)
            {
                IReadOnlyList<string> files = dataset.Files;
                PdmConsole.AddRow(
                    table,
                    dataset.Name,
                    dataset.Description,
                    PipelineCommand.Count(files.Count),
                    PipelineCommand.Count(files.Sum(f => dataset.CountRows(f) ?? 0)),
                    PipelineCommand.Count(files.Sum(f => new FileInfo(Path.Combine(dataset.Folder, f)).Length)),
                    dataset.Licence);
            }

            console.Write(table);
            await console.Writer.WriteLineAsync("Sources, licences and checksums: PROVENANCE.md in each data set (extract copies it). Nothing is downloaded.");
        }));
        return command;
    }

    private static Command CreateInfo()
    {
        var name = new Argument<string>("name") { Description = "The data set, as 'pdm dataset list' names it." };
        var command = new Command("info", "Describe one shipped data set: every file with its data rows and bytes, and where the data came from.") { name };
        command.SetAction((parse, _) => CommandRunner.RunAsync(parse, async console =>
        {
            ShippedDataset dataset = ShippedData.Find(parse.GetValue(name)!);
            await console.Writer.WriteLineAsync($"{dataset.Name}: {dataset.Description}");
            await console.Writer.WriteLineAsync($"licence: {dataset.Licence}; sources and checksums in {Path.Combine(dataset.Folder, "PROVENANCE.md")}");
            Table table = console.CreateTable("file", ">rows", ">bytes");
            foreach (string file in dataset.Files)
            {
                long? rows = dataset.CountRows(file);
                PdmConsole.AddRow(table, file, rows is { } r ? PipelineCommand.Count(r) : string.Empty, PipelineCommand.Count(new FileInfo(Path.Combine(dataset.Folder, file)).Length));
            }

            console.Write(table);
        }));
        return command;
    }

    private static Command CreateExtract()
    {
        var name = new Argument<string>("name") { Description = "The data set, as 'pdm dataset list' names it." };
        var folder = new Argument<DirectoryInfo>("folder") { Description = "Where to write its files (with PROVENANCE.md); created if missing. It must be empty unless --force." };
        var force = new Option<bool>("--force") { Description = "Write into a folder that is not empty, replacing files of the same names." };
        var command = new Command("extract", "Copy a shipped data set's files into a folder, to start from them.") { name, folder, force };
        command.SetAction((parse, cancellationToken) => CommandRunner.RunAsync(parse, async console =>
        {
            ShippedDataset dataset = ShippedData.Find(parse.GetValue(name)!);
            string target = parse.GetValue(folder)!.FullName;
            if (!parse.GetValue(force) && Directory.Exists(target) && Directory.EnumerateFileSystemEntries(target).Any())
            {
                throw new ArgumentException($"'{target}' is not empty; pass --force to write into it, replacing files of the same names.");
            }

            long bytes = 0;
            IReadOnlyList<string> files = dataset.Files;
            foreach (string file in files)
            {
                string destination = Path.Combine(target, file);
                Directory.CreateDirectory(Path.GetDirectoryName(destination)!);
                await using FileStream source = File.OpenRead(Path.Combine(dataset.Folder, file));
                await using FileStream copy = File.Create(destination);
                await source.CopyToAsync(copy, cancellationToken);
                bytes += copy.Length;
            }

            await console.Writer.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"{dataset.Name}: {files.Count} files, {bytes:N0} bytes ({dataset.Licence})"));
            await console.Writer.WriteLineAsync($"wrote {target}");
        }));
        return command;
    }
}
