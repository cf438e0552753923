using Apache.Arrow;
using PredictiveMaintenance.DeltaLake;
using PredictiveMaintenance.IO;

namespace PredictiveMaintenance.Dashboard.Tests.Tables;

public sealed class DataQualityTableTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("pdm-quality-table-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public async Task ToRecordBatch_CleaningReport_WritesAcceptedAndEachReasonAsRows()
    {
        string csv = Path.Combine(_folder, "batch.csv");
        await File.WriteAllTextAsync(csv, """
            datetime,machineID,volt,rotate,pressure,vibration
            2015-01-01 06:00:00,1,170,450,100,40
            2015-01-01 06:00:00,1,170,450,100,40
            2015-01-01 07:00:00,1,bad,450,100,40
            2015-01-01 08:00:00,1,171,451,101,41
            """);
        TelemetryBatch batch = await AzurePdmDataset.ReadTelemetryAsync(csv, new DataQualityOptions { FutureTolerance = null });
        DateTimeOffset processed = new(2015, 1, 1, 9, 30, 0, TimeSpan.Zero);
        string path = Path.Combine(_folder, "quality");
        DeltaTable table = await DataQualityTable.CreateAsync(path);

        await table.AppendAsync(DataQualityTable.ToRecordBatch("batch.csv", processed, batch.Report));

        RecordBatch read = await (await table.GetSnapshotAsync()).ReadAsync();
        Assert.Equal(
            [("batch.csv", "accepted", 2L), ("batch.csv", "UnparsableValue", 1L), ("batch.csv", "Duplicate", 1L)],
            Enumerable.Range(0, read.Length).Select(i => (
                ((StringArray)read.Column(DataQualityTable.Batch)).GetString(i),
                ((StringArray)read.Column(DataQualityTable.Outcome)).GetString(i),
                ((Int64Array)read.Column(DataQualityTable.Rows)).GetValue(i)!.Value)));
        Assert.All(((TimestampArray)read.Column(DataQualityTable.ProcessedAt)).Values.ToArray(), t => Assert.Equal(UnixTime.ToMicroseconds(processed.UtcDateTime), t));
    }
}
