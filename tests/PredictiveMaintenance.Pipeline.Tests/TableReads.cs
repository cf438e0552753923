using Apache.Arrow;
using PredictiveMaintenance.DeltaLake;
using PredictiveMaintenance.IO;

namespace PredictiveMaintenance.Pipeline.Tests;

internal static class TableReads
{
    public static async Task<TelemetryBatch> ReadTelemetryAsync(string path) =>
        await (await DeltaTable.Open(path).GetSnapshotAsync()).ReadTelemetryAsync();

    public static async Task<long> VersionAsync(string path) => (await DeltaTable.Open(path).GetSnapshotAsync()).Version;

    /// <summary>The quarantine table's rows as (batch, file, line, column, column_name, reason, detail), in file and line order.</summary>
    public static async Task<List<(long Batch, string File, long? Line, int? Column, string? ColumnName, string Reason, string Detail)>> ReadQuarantineAsync(string path)
    {
        RecordBatch data = await (await DeltaTable.Open(path).GetSnapshotAsync()).ReadAsync();
        var batch = (Int64Array)data.Column("batch");
        var file = (StringArray)data.Column("file");
        var line = (Int64Array)data.Column("line");
        var column = (Int32Array)data.Column("column");
        var columnName = (StringArray)data.Column("column_name");
        var reason = (StringArray)data.Column("reason");
        var detail = (StringArray)data.Column("detail");
        var rows = new List<(long, string, long?, int?, string?, string, string)>();
        for (int i = 0; i < data.Length; i++)
        {
            rows.Add((batch.GetValue(i)!.Value, file.GetString(i), line.GetValue(i), column.GetValue(i), columnName.GetString(i), reason.GetString(i), detail.GetString(i)));
        }

        return [.. rows.OrderBy(r => r.Item1).ThenBy(r => r.Item3 ?? long.MaxValue)];
    }
}
