using System.CommandLine;
using System.Text;
using PredictiveMaintenance.DeltaLake;
using PredictiveMaintenance.IO;

namespace PredictiveMaintenance.Cli.Commands;

/// <summary><c>pdm table export &lt;location&gt; --output &lt;file&gt;</c>: a snapshot of a Delta table as one CSV or Parquet file.</summary>
/// <remarks>
/// A table that records a telemetry schema is read as telemetry (sorted, duplicates quarantined) and written through
/// <see cref="TelemetryOutput"/>, as <c>pdm features</c> writes its output, so that <c>pdm inspect</c> and the IO
/// readers read it back without options: Parquet through <see cref="ParquetTelemetryWriter"/>, CSV through
/// <see cref="DelimitedTelemetryWriter"/>. Any other table is streamed as it is stored, every column included: Parquet
/// through <see cref="DeltaSnapshot.WriteParquetFileAsync"/>, CSV through <see cref="TableCsvWriter"/>.
/// </remarks>
internal static class TableExportCommand
{
    public static Command Create()
    {
        Argument<string> location = TableCommand.LocationArgument();
        Option<long?> version = TableCommand.VersionOption();
        var output = new Option<FileInfo>("--output", "-o")
        {
            Description = "The file to write: .csv or .parquet (the extension chooses the format). An existing file is replaced.",
            Required = true,
        };
        var command = new Command("export", "Write a snapshot of a Delta table to one CSV or Parquet file.") { location, version, output };
        command.SetAction((parse, cancellationToken) => CommandRunner.RunAsync(parse, async writer =>
        {
            FileInfo target = parse.GetValue(output)!;
            bool parquet = target.Extension.ToUpperInvariant() switch
            {
                ".PARQUET" => true,
                ".CSV" => false,
                _ => throw new ArgumentException($"--output '{target.Name}' must end in .csv or .parquet, which chooses the format."),
            };
            (_, DeltaSnapshot snapshot) = await TableCommand.OpenAsync(parse.GetValue(location)!, parse.GetValue(version), cancellationToken);
            string summary = snapshot.TelemetrySchema is not null
                ? await ExportTelemetryAsync(snapshot, target.FullName, cancellationToken)
                : await ExportTableAsync(snapshot, target.FullName, parquet, cancellationToken);
            await writer.WriteLineAsync(summary);
        }));
        return command;
    }

    private static async Task<string> ExportTelemetryAsync(DeltaSnapshot snapshot, string target, CancellationToken cancellationToken)
    {
        TelemetryBatch batch = await snapshot.ReadTelemetryAsync(cancellationToken: cancellationToken);
        TelemetryTable table = batch.Table;
        await using (TelemetryOutput output = await TelemetryOutput.CreateAsync(target, table.Schema, cancellationToken))
        {
            await output.WriteAsync(table, cancellationToken);
        }

        string text = FormattableString.Invariant(
            $"exported {table.RowCount:N0} rows of telemetry ({table.AssetCount:N0} assets, {table.Schema.Channels.Count} channels) from version {snapshot.Version} to {Path.GetFileName(target)}");
        return batch.Report.QuarantinedRows == 0
            ? text
            : text + FormattableString.Invariant($"; {batch.Report.QuarantinedRows:N0} rows left out: ")
                + string.Join(", ", batch.Report.QuarantinedByReason.Select(p => FormattableString.Invariant($"{p.Key} {p.Value:N0}")));
    }

    private static async Task<string> ExportTableAsync(DeltaSnapshot snapshot, string target, bool parquet, CancellationToken cancellationToken)
    {
        long rows;
        if (parquet)
        {
            rows = await snapshot.WriteParquetFileAsync(target, cancellationToken: cancellationToken);
        }
        else
        {
            await using var csv = new StreamWriter(target, false, new UTF8Encoding(false));
            rows = await TableCsvWriter.WriteAsync(csv, [.. snapshot.Schema.Fields.Select(f => f.Name)], snapshot.ReadBatchesAsync(cancellationToken: cancellationToken), cancellationToken);
        }

        return FormattableString.Invariant($"exported {rows:N0} rows ({snapshot.Schema.Fields.Count} columns) from version {snapshot.Version} to {Path.GetFileName(target)}");
    }
}
