using Apache.Arrow;
using PredictiveMaintenance.DeltaLake;

namespace PredictiveMaintenance.Dashboard.Tests.Tables;

public sealed class PredictionsTableTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("pdm-predictions-table-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public async Task ToRecordBatch_AppendedAndReadBack_KeepsValuesAndWritesNaNAsNull()
    {
        long t = UnixTime.ToMicroseconds(new DateTime(2015, 3, 1, 6, 0, 0, DateTimeKind.Utc));
        string path = Path.Combine(_folder, "predictions");
        DeltaTable table = await PredictionsTable.CreateAsync(path);
        await table.AppendAsync(PredictionsTable.ToRecordBatch(
        [
            new Prediction("7", t, 0.61, true, double.NaN, "detector", 3, t + 5, 12),
            new Prediction("7", t, double.NaN, null, 41.5, "service", 1, t + 6, 12),
        ]));

        DeltaSnapshot snapshot = await table.GetSnapshotAsync();
        RecordBatch read = await snapshot.ReadAsync();

        Assert.Equal(
            ["asset", "timestamp", "score", "alarm", "time_until_service", "model_name", "model_version", "scored_at", "input_version"],
            snapshot.Schema.Fields.Select(f => f.Name));
        Assert.Equal(2, read.Length);
        Assert.Equal(["7", "7"], Enumerable.Range(0, 2).Select(i => ((StringArray)read.Column(PredictionsTable.Asset)).GetString(i)));
        Assert.Equal([t, t], ((TimestampArray)read.Column(PredictionsTable.Timestamp)).Values.ToArray());
        Assert.Equal([0.61, null], ((DoubleArray)read.Column(PredictionsTable.Score)).ToArray());
        Assert.Equal([true, null], ((BooleanArray)read.Column(PredictionsTable.Alarm)).ToArray());
        Assert.Equal([null, 41.5], ((DoubleArray)read.Column(PredictionsTable.TimeUntilService)).ToArray());
        Assert.Equal([3, 1], ((Int32Array)read.Column(PredictionsTable.ModelVersion)).Values.ToArray());
        Assert.Equal([t + 5, t + 6], ((TimestampArray)read.Column(PredictionsTable.ScoredAt)).Values.ToArray());
        Assert.Equal([12L, 12L], ((Int64Array)read.Column(PredictionsTable.InputVersion)).Values.ToArray());
    }

    [Fact]
    public void ToRecordBatch_EmptyModelName_ThrowsNamingTheRow()
    {
        ArgumentException e = Assert.Throws<ArgumentException>(() => PredictionsTable.ToRecordBatch([new Prediction("7", 0, 1, false, double.NaN, "", 1, 0, 0)]));

        Assert.Equal("Prediction 0 has asset '7', model '' version 1; the asset and model name must not be empty and versions start at 1. (Parameter 'predictions')", e.Message);
    }
}
