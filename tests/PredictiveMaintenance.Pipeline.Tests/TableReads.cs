using Apache.Arrow;
using PredictiveMaintenance.Dashboard;
using PredictiveMaintenance.DeltaLake;
using PredictiveMaintenance.IO;

namespace PredictiveMaintenance.Pipeline.Tests;

/// <summary>Reads of the pipeline's tables, local or in Azurite.</summary>
internal static class TableReads
{
    private static readonly DeltaTableOptions Options = new() { Storage = DeltaLake.Tests.Azurite.Storage };

    public static async Task<TelemetryBatch> ReadTelemetryAsync(string path) =>
        await (await (await DeltaTable.OpenAsync(path, Options)).GetSnapshotAsync()).ReadTelemetryAsync();

    public static async Task<long> VersionAsync(string path) => (await (await DeltaTable.OpenAsync(path, Options)).GetSnapshotAsync()).Version;

    /// <summary>The quarantine table's rows as (batch, file, line, column, column_name, reason, detail), in file and line order.</summary>
    public static async Task<List<(long Batch, string File, long? Line, int? Column, string? ColumnName, string Reason, string Detail)>> ReadQuarantineAsync(string path)
    {
        RecordBatch data = await (await (await DeltaTable.OpenAsync(path, Options)).GetSnapshotAsync()).ReadAsync();
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

    /// <summary>The data-quality summary's rows as (batch, outcome, rows), in batch and outcome order.</summary>
    public static async Task<List<(string Batch, string Outcome, long Rows)>> ReadDataQualityAsync(string path)
    {
        RecordBatch data = await (await (await DeltaTable.OpenAsync(path, Options)).GetSnapshotAsync()).ReadAsync();
        var batch = (StringArray)data.Column(DataQualityTable.Batch);
        var outcome = (StringArray)data.Column(DataQualityTable.Outcome);
        var rows = (Int64Array)data.Column(DataQualityTable.Rows);
        var result = new List<(string, string, long)>();
        for (int i = 0; i < data.Length; i++)
        {
            result.Add((batch.GetString(i), outcome.GetString(i), rows.GetValue(i)!.Value));
        }

        return [.. result.OrderBy(r => r.Item1, StringComparer.Ordinal).ThenBy(r => r.Item2, StringComparer.Ordinal)];
    }

    /// <summary>The predictions table's rows as (asset, time, model, score, time until service).</summary>
    public static async Task<List<(string Asset, long Time, string Model, double? Score, double? TimeUntilService)>> ReadPredictionsAsync(string path)
    {
        RecordBatch data = await (await (await DeltaTable.OpenAsync(path, Options)).GetSnapshotAsync()).ReadAsync();
        IArrowArray asset = data.Column(PredictionColumns.Asset);
        var time = (TimestampArray)data.Column(PredictionColumns.Time);
        IArrowArray model = data.Column(PredictionColumns.ModelName);
        var score = (DoubleArray)data.Column(PredictionColumns.Score);
        var service = (DoubleArray)data.Column(PredictionColumns.TimeUntilService);
        var result = new List<(string, long, string, double?, double?)>();
        for (int i = 0; i < data.Length; i++)
        {
            result.Add((Text(asset, i), time.Values[i], Text(model, i), score.GetValue(i), service.GetValue(i)));
        }

        return result;
    }

    private static string Text(IArrowArray array, int i) => array is DictionaryArray dictionary
        ? ((StringArray)dictionary.Dictionary).GetString(((Int32Array)dictionary.Indices).GetValue(i)!.Value)
        : ((StringArray)array).GetString(i);
}
