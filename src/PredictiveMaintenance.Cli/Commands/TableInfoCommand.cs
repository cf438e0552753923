using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using PredictiveMaintenance.DeltaLake;

namespace PredictiveMaintenance.Cli.Commands;

/// <summary><c>pdm table info &lt;location&gt;</c>: what a Delta table holds at one version, and how it got there.</summary>
internal static class TableInfoCommand
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    public static Command Create()
    {
        Argument<string> location = TableCommand.LocationArgument();
        Option<long?> version = TableCommand.VersionOption();
        var json = new Option<bool>("--json") { Description = "Print the description as JSON, for scripts." };
        var command = new Command("info", "Print a Delta table's version, protocol, schema, partition columns, file and row counts, and history.") { location, version, json };
        command.SetAction((parse, cancellationToken) => CommandRunner.RunAsync(parse, async output =>
        {
            (DeltaTable table, DeltaSnapshot snapshot) = await TableCommand.OpenAsync(parse.GetValue(location)!, parse.GetValue(version), cancellationToken);
            IReadOnlyList<DeltaCommitInfo> history = await table.GetHistoryAsync(cancellationToken: cancellationToken);
            TableInfo info = TableInfo.Of(snapshot, history);
            await output.WriteAsync(parse.GetValue(json) ? JsonSerializer.Serialize(info, Json) + Environment.NewLine : info.ToText());
        }));
        return command;
    }

    /// <summary>What <c>table info</c> prints; the JSON form has the same fields.</summary>
    internal sealed record TableInfo(
        string Table,
        long Version,
        long LatestVersion,
        string Committed,
        ProtocolInfo Protocol,
        IReadOnlyList<ColumnInfo> Columns,
        IReadOnlyList<string> PartitionColumns,
        int Files,
        long Bytes,
        long? Rows,
        string? Telemetry,
        IReadOnlyDictionary<string, string> Properties,
        IReadOnlyList<CommitEntry> History)
    {
        public static TableInfo Of(DeltaSnapshot snapshot, IReadOnlyList<DeltaCommitInfo> history) => new(
            snapshot.TableRoot,
            snapshot.Version,
            history.Count == 0 ? snapshot.Version : history[0].Version,
            Time(snapshot.Timestamp),
            new ProtocolInfo(snapshot.Protocol.MinReaderVersion, snapshot.Protocol.MinWriterVersion, snapshot.Protocol.ReaderFeatures, snapshot.Protocol.WriterFeatures),
            [.. snapshot.Schema.Fields.Select(f => new ColumnInfo(f.Name, f.Type.ToString(), f.Nullable, snapshot.PartitionColumns.Contains(f.Name)))],
            snapshot.PartitionColumns,
            snapshot.Files.Count,
            snapshot.Files.Sum(f => f.Size),
            snapshot.RowCount,
            snapshot.TelemetrySchema?.ToString(),
            snapshot.Metadata.Configuration,
            [.. history.Where(c => c.Version <= snapshot.Version).Select(CommitEntry.Of)]);

        public string ToText()
        {
            var text = new StringWriter(CultureInfo.InvariantCulture);
            text.WriteLine($"table        {Table}");
            text.WriteLine(FormattableString.Invariant($"version      {Version}{(Version == LatestVersion ? " (latest)" : FormattableString.Invariant($" (latest {LatestVersion})"))}, committed {Committed}"));
            text.WriteLine($"protocol     {Protocol}");
            text.WriteLine($"partitions   {(PartitionColumns.Count == 0 ? "none" : string.Join(", ", PartitionColumns))}");
            text.WriteLine(FormattableString.Invariant($"files        {Files:N0} ({Bytes:N0} bytes)"));
            text.WriteLine($"rows         {(Rows is { } rows ? rows.ToString("N0", CultureInfo.InvariantCulture) : "unknown (a file records no row count)")}");
            text.WriteLine($"telemetry    {Telemetry ?? "no telemetry schema recorded (export reads it as a plain table)"}");
            text.WriteLine($"schema       {Count(Columns.Count, "column")}");
            int name = Columns.Max(c => c.Name.Length);
            int type = Columns.Max(c => c.Type.Length);
            foreach (ColumnInfo c in Columns)
            {
                string notes = string.Join(", ", new[] { c.Nullable ? null : "not null", c.Partition ? "partition" : null }.OfType<string>());
                text.WriteLine($"  {c.Name.PadRight(name)}  {c.Type.PadRight(type)}  {notes}".TrimEnd());
            }

            text.WriteLine($"history      {Count(History.Count, "commit")}, newest first");
            int version = History.Count == 0 ? 1 : History.Max(h => h.Version.ToString(CultureInfo.InvariantCulture).Length);
            foreach (CommitEntry h in History)
            {
                string parameters = h.Parameters is null ? string.Empty : string.Join(", ", h.Parameters.Select(p => $"{p.Key}={p.Value}"));
                text.WriteLine($"  {h.Version.ToString(CultureInfo.InvariantCulture).PadLeft(version)}  {h.Timestamp}  {h.Operation ?? "?"}  {parameters}".TrimEnd());
            }

            return text.ToString();
        }

        private static string Count(int count, string noun) => FormattableString.Invariant($"{count:N0} {noun}{(count == 1 ? string.Empty : "s")}");

        internal static string Time(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.FFF'Z'", CultureInfo.InvariantCulture);
    }

    internal sealed record ProtocolInfo(int MinReaderVersion, int MinWriterVersion, IReadOnlyList<string>? ReaderFeatures, IReadOnlyList<string>? WriterFeatures)
    {
        public override string ToString() =>
            $"reader {MinReaderVersion}{Features(ReaderFeatures)}, writer {MinWriterVersion}{Features(WriterFeatures)}";

        private static string Features(IReadOnlyList<string>? features) => features is null ? string.Empty : $" [{string.Join(", ", features)}]";
    }

    internal sealed record ColumnInfo(string Name, string Type, bool Nullable, bool Partition);

    internal sealed record CommitEntry(long Version, string Timestamp, string? Operation, IReadOnlyDictionary<string, string>? Parameters, string? Engine)
    {
        public static CommitEntry Of(DeltaCommitInfo commit) =>
            new(commit.Version, TableInfo.Time(commit.Timestamp), commit.Operation, commit.OperationParameters, commit.EngineInfo);
    }
}
