using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using PredictiveMaintenance.IO;

namespace PredictiveMaintenance.Cli.Commands;

/// <summary><c>pdm inspect &lt;file&gt;</c>: what a telemetry file holds and what cleaning it would do.</summary>
internal static class InspectCommand
{
    private const int SampleCount = 10;
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    public static Command Create()
    {
        var file = new Argument<FileInfo>("file") { Description = "A telemetry file: CSV or other delimited text (plain or gzip), Parquet, or Arrow IPC." };
        var json = new Option<bool>("--json") { Description = "Print the report as JSON, for scripts." };
        var quarantine = new Option<FileInfo?>("--quarantine") { Description = "Write every quarantined row (source, line, column, reason, detail, raw text) to this CSV file." };
        var input = new TelemetryInputOptions();
        var command = new Command("inspect", "Print the rows, assets, channels, time range and data-quality counts of a telemetry file.") { file, json, quarantine };
        foreach (Option option in input.All)
        {
            command.Add(option);
        }

        command.SetAction((parse, cancellationToken) => CommandRunner.RunAsync(parse, async output =>
        {
            TelemetryBatch batch;
            await using (ITelemetryReader reader = input.OpenReader(parse, parse.GetValue(file)!.FullName))
            {
                batch = await reader.ReadAllAsync(cancellationToken);
            }

            if (parse.GetValue(quarantine) is { } quarantineFile)
            {
                await QuarantineWriter.WriteCsvAsync(batch.Quarantine, quarantineFile.FullName, cancellationToken);
            }

            InspectReport report = InspectReport.Of(parse.GetValue(file)!.Name, batch);
            await output.WriteAsync(parse.GetValue(json) ? JsonSerializer.Serialize(report, Json) + Environment.NewLine : report.ToText());
        }));
        return command;
    }

    /// <summary>What <c>inspect</c> prints; the JSON form has the same fields.</summary>
    internal sealed record InspectReport(
        string File,
        long Rows,
        int Assets,
        string AssetColumn,
        string TimeColumn,
        string TimeKind,
        string? From,
        string? To,
        IReadOnlyList<ChannelSummary> Channels,
        QualitySummary Quality,
        IReadOnlyList<QuarantineSample> QuarantineSamples)
    {
        public static InspectReport Of(string file, TelemetryBatch batch)
        {
            TelemetryTable table = batch.Table;
            TelemetrySchema schema = table.Schema;
            string? from = table.RowCount == 0 ? null : schema.FormatTime(Min(table.Times));
            string? to = table.RowCount == 0 ? null : schema.FormatTime(Max(table.Times));
            DataQualityReport quality = batch.Report;
            return new InspectReport(
                file,
                table.RowCount,
                table.AssetCount,
                schema.AssetColumn,
                schema.TimeColumn,
                schema.TimeKind.ToString(),
                from,
                to,
                [.. schema.Channels.Select((c, i) => ChannelSummary.Of(c, table.GetChannel(i)))],
                new QualitySummary(
                    quality.InputRows,
                    quality.AcceptedRows,
                    quality.QuarantinedRows,
                    quality.QuarantinedByReason.ToDictionary(p => p.Key.ToString(), p => p.Value),
                    quality.ReorderedRows,
                    quality.MissingValues,
                    quality.BlankLines),
                [.. batch.Quarantine.Take(SampleCount).Select(q => new QuarantineSample(q.Position.Line, q.Position.Column, q.Position.ColumnName, q.Reason.ToString(), q.Detail))]);
        }

        public string ToText()
        {
            var text = new StringWriter(CultureInfo.InvariantCulture);
            text.WriteLine($"file         {File}");
            text.WriteLine($"rows         {Rows:N0}");
            text.WriteLine($"assets       {Assets:N0} (column '{AssetColumn}')");
            text.WriteLine($"time         {(From is null ? "no rows" : $"{From} to {To}")} (column '{TimeColumn}', {TimeKind})");
            text.WriteLine($"channels     {Channels.Count}");
            int width = Math.Max(8, Channels.Count == 0 ? 0 : Channels.Max(c => c.Name.Length));
            foreach (ChannelSummary c in Channels)
            {
                text.WriteLine($"  {c.Name.PadRight(width)}  {c.Role,-7}  min {Number(c.Min),12}  mean {Number(c.Mean),12}  max {Number(c.Max),12}  missing {c.Missing:N0}");
            }

            text.WriteLine($"quality      {Quality.InputRows:N0} rows read: {Quality.AcceptedRows:N0} accepted, {Quality.QuarantinedRows:N0} quarantined");
            foreach ((string reason, long count) in Quality.QuarantinedByReason)
            {
                text.WriteLine($"  {reason,-16} {count:N0}");
            }

            text.WriteLine($"  reordered {Quality.ReorderedRows:N0}, missing values {Quality.MissingValues:N0}, blank lines {Quality.BlankLines:N0}");
            foreach (QuarantineSample q in QuarantineSamples)
            {
                text.WriteLine($"  line {q.Line}{(q.Column > 0 ? $", column {q.Column}" : string.Empty)}{(q.ColumnName is null ? string.Empty : $" ('{q.ColumnName}')")}: {q.Reason}: {q.Detail}");
            }

            return text.ToString();
        }

        private static string Number(double value) => double.IsNaN(value) ? "-" : value.ToString("G6", CultureInfo.InvariantCulture);

        private static long Min(ReadOnlySpan<long> values)
        {
            long min = long.MaxValue;
            foreach (long v in values)
            {
                min = Math.Min(min, v);
            }

            return min;
        }

        private static long Max(ReadOnlySpan<long> values)
        {
            long max = long.MinValue;
            foreach (long v in values)
            {
                max = Math.Max(max, v);
            }

            return max;
        }
    }

    internal sealed record ChannelSummary(string Name, string Role, double Min, double Mean, double Max, long Missing)
    {
        public static ChannelSummary Of(ChannelDefinition channel, ReadOnlySpan<double> values)
        {
            double min = double.PositiveInfinity, max = double.NegativeInfinity, sum = 0;
            long count = 0;
            foreach (double v in values)
            {
                if (!double.IsNaN(v))
                {
                    min = Math.Min(min, v);
                    max = Math.Max(max, v);
                    sum += v;
                    count++;
                }
            }

            return count == 0
                ? new ChannelSummary(channel.Name, channel.Role.ToString(), double.NaN, double.NaN, double.NaN, values.Length)
                : new ChannelSummary(channel.Name, channel.Role.ToString(), min, sum / count, max, values.Length - count);
        }
    }

    internal sealed record QualitySummary(
        long InputRows, long AcceptedRows, long QuarantinedRows, IReadOnlyDictionary<string, long> QuarantinedByReason, long ReorderedRows, long MissingValues, long BlankLines);

    internal sealed record QuarantineSample(long Line, int Column, string? ColumnName, string Reason, string Detail);
}
