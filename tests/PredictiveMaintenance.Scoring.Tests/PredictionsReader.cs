using Apache.Arrow;
using PredictiveMaintenance.DeltaLake;

namespace PredictiveMaintenance.Scoring.Tests;

/// <summary>One row of a predictions table as read back.</summary>
internal sealed record PredictionRow(string Asset, long Time, double? Score, bool? Alarm, double? TimeUntilService, string ModelName, int ModelVersion, long ScoringTime, long? InputTableVersion);

/// <summary>Reads a predictions Delta table back, row by row.</summary>
internal static class PredictionsReader
{
    public static async Task<List<PredictionRow>> ReadAsync(string path)
    {
        DeltaSnapshot snapshot = await DeltaTable.Open(path).GetSnapshotAsync();
        var rows = new List<PredictionRow>();
        await foreach (RecordBatch batch in snapshot.ReadBatchesAsync())
        {
            for (int i = 0; i < batch.Length; i++)
            {
                rows.Add(new PredictionRow(
                    Text(batch.Column(PredictionColumns.Asset), i),
                    Long(batch.Column(PredictionColumns.Time), i)!.Value,
                    ((DoubleArray)batch.Column(PredictionColumns.Score)).GetValue(i),
                    ((BooleanArray)batch.Column(PredictionColumns.Alarm)).GetValue(i),
                    ((DoubleArray)batch.Column(PredictionColumns.TimeUntilService)).GetValue(i),
                    Text(batch.Column(PredictionColumns.ModelName), i),
                    ((Int32Array)batch.Column(PredictionColumns.ModelVersion)).GetValue(i)!.Value,
                    Long(batch.Column(PredictionColumns.ScoringTime), i)!.Value,
                    Long(batch.Column(PredictionColumns.InputTableVersion), i)));
            }
        }

        return rows;
    }

    private static string Text(IArrowArray array, int i) => array switch
    {
        StringArray strings => strings.GetString(i),
        DictionaryArray dictionary => ((StringArray)dictionary.Dictionary).GetString(((Int32Array)dictionary.Indices).GetValue(i)!.Value),
        _ => throw new InvalidOperationException($"Unexpected string column {array.GetType().Name}."),
    };

    private static long? Long(IArrowArray array, int i) => array switch
    {
        TimestampArray timestamps => timestamps.IsValid(i) ? timestamps.Values[i] : null,
        Int64Array longs => longs.GetValue(i),
        _ => throw new InvalidOperationException($"Unexpected long column {array.GetType().Name}."),
    };
}
