using System.CommandLine;
using PredictiveMaintenance.Features;
using PredictiveMaintenance.IO;
using Spectre.Console;

namespace PredictiveMaintenance.Cli.Commands;

/// <summary>
/// <c>pdm features &lt;input&gt; --spec &lt;spec&gt; --output &lt;file&gt;</c>: computes a feature specification over a
/// telemetry file, batch by batch (bounded memory, the same results as one pass), into CSV or Parquet.
/// </summary>
internal static class FeaturesCommand
{
    public static Command Create()
    {
        var input = new Argument<FileInfo>("input") { Description = "A telemetry file: delimited text (plain or gzip), Parquet or Arrow IPC." };
        var spec = new Option<string>("--spec")
        {
            Description = "The feature specification, such as 'vibration: mean(24h), std(24h); volt: min(3h)', or @file with the text or JSON form.",
            Required = true,
        };
        var output = new Option<FileInfo>("--output", "-o")
        {
            Description = "Where to write the features: .csv, .csv.gz or .parquet. One row per input row (rolling), or per asset and bucket (tumbling).",
            Required = true,
        };
        var inputOptions = new TelemetryInputOptions();
        var command = new Command("features", "Compute windowed features of a telemetry file into CSV or Parquet.") { input, spec, output };
        foreach (Option option in inputOptions.All)
        {
            command.Add(option);
        }

        command.SetAction((parse, cancellationToken) => CommandRunner.RunAsync(parse, async console =>
        {
            TextWriter writer = console.Writer;
            FeatureSpec features = ReadSpec(parse.GetValue(spec)!);
            string target = parse.GetValue(output)!.FullName;
            var computer = new FeatureComputer(features);
            FeatureState state = FeatureState.Initial(features);
            TelemetryOutput? sink = null;
            long rowsIn = 0, rowsOut = 0;
            DataQualityReport quality = DataQualityReport.Empty;
            TelemetrySchema? inputSchema = null;
            string source = parse.GetValue(input)!.FullName;
            await console.WithProgressAsync(async board =>
            {
                await using ITelemetryReader reader = inputOptions.OpenReader(parse, source, out FileStream file);
                ProgressTask read = board.Add($"features of {Path.GetFileName(source)}", Math.Max(1, file.Length));
                await foreach (TelemetryBatch batch in reader.ReadBatchesAsync(cancellationToken))
                {
                    read.Value = file.Position;
                    inputSchema ??= batch.Table.Schema;
                    sink ??= await TelemetryOutput.CreateAsync(target, computer.GetOutputSchema(inputSchema), cancellationToken);
                    TelemetryTable computed = computer.ComputeBatch(batch.Table, state, out state);
                    await sink.WriteAsync(computed, cancellationToken);
                    rowsIn += batch.Table.RowCount;
                    rowsOut += computed.RowCount;
                    quality = quality.Add(batch.Report);
                }

                read.Value = read.MaxValue;
            });

            await using (sink)
            {
                TelemetryTable open = computer.Flush(state, inputSchema!);
                await sink!.WriteAsync(open, cancellationToken);
                rowsOut += open.RowCount;
            }

            await writer.WriteLineAsync($"{rowsIn:N0} rows in ({quality}), {rowsOut:N0} rows of {features.OutputNames.Count} features out: {string.Join(", ", features.OutputNames)}");
            await writer.WriteLineAsync($"wrote {target}");
        }));
        return command;
    }

    private static FeatureSpec ReadSpec(string value)
    {
        string text = value.StartsWith('@') ? File.ReadAllText(value[1..]) : value;
        return text.TrimStart().StartsWith('{') ? FeatureSpec.FromJson(text) : FeatureSpec.Parse(text);
    }
}
