namespace PredictiveMaintenance.IO.Tests.Datasets;

/// <summary>The shipped data sets load with exactly the counts their provenance gives.</summary>
public class DatasetLoaderTests
{
    [Fact]
    public async Task CmapssLoadAsync_FD001_HasPublishedCounts()
    {
        CmapssSubset fd001 = await CmapssDataset.LoadAsync(TestData.Path("cmapss"), "FD001");

        TestData.AssertReconciled(fd001.Train, 20_631);
        Assert.Empty(fd001.Train.Quarantine);
        Assert.Equal(26, 2 + fd001.Train.Table.Schema.Channels.Count);
        Assert.Equal(100, fd001.Train.Table.AssetCount);
        Assert.Equal(362, fd001.Train.Table.AssetIds.Select((_, a) => fd001.Train.Table.GetTimes(a).Length).Max());
        TestData.AssertReconciled(fd001.Test, 13_096);
        Assert.Equal(100, fd001.Test.Table.AssetCount);
        Assert.Equal(100, fd001.TestRemainingUsefulLife.Count);
        Assert.Equal([112, 98, 69], fd001.TestRemainingUsefulLife.Take(3));
        Assert.Equal(ChannelRole.Setting, fd001.Train.Table.Schema.Channels[0].Role);
        Assert.Equal(23.4190, fd001.Train.Table.GetChannel("sensor21")[0]);
        Assert.Equal([1L, 2], fd001.Train.Table.GetTimes(0)[..2].ToArray());
    }

    [Fact]
    public async Task AzureLoadAsync_ShippedFiles_HaveExactCounts()
    {
        AzurePdmData data = await AzurePdmDataset.LoadAsync(TestData.Path("azure-pdm"), new DataQualityOptions { TimeProvider = TestData.Clock });

        TestData.AssertReconciled(data.Telemetry, 43_200);
        Assert.Empty(data.Telemetry.Quarantine);
        Assert.Equal(20, data.Telemetry.Table.AssetCount);
        Assert.Equal(Enumerable.Range(1, 20).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)), data.Telemetry.Table.AssetIds);
        Assert.Equal("2015-01-01T06:00:00Z", UnixTime.Format(data.Telemetry.Table.Times[0]));
        Assert.Equal("2015-04-01T05:00:00Z", UnixTime.Format(data.Telemetry.Table.GetTimes(19)[^1]));
        Assert.Equal(176.217853015625, data.Telemetry.Table.GetChannel("volt")[0]);

        Assert.Equal((3_919, 0L), (data.Errors.Records.Count, data.Errors.Report.QuarantinedRows));
        Assert.Equal((3_286, 0L), (data.Maintenance.Records.Count, data.Maintenance.Report.QuarantinedRows));
        Assert.Equal((761, 0L), (data.Failures.Records.Count, data.Failures.Report.QuarantinedRows));
        Assert.Equal((100, 0L), (data.Machines.Records.Count, data.Machines.Report.QuarantinedRows));

        Assert.Equal(new ErrorEvent("1", new DateTime(2015, 1, 3, 7, 0, 0, DateTimeKind.Utc), "error1"), data.Errors.Records[0]);
        Assert.Equal(new MaintenanceEvent("1", new DateTime(2014, 6, 1, 6, 0, 0, DateTimeKind.Utc), "comp2", MaintenanceKind.Replacement), data.Maintenance.Records[0]);
        Assert.Equal(new FailureEvent("1", new DateTime(2015, 1, 5, 6, 0, 0, DateTimeKind.Utc), "comp4"), data.Failures.Records[0]);
        AssetAttributes machine1 = data.Machines.Records[0];
        Assert.Equal(("1", "model3", "18"), (machine1.AssetId, machine1.Model, machine1.Properties["age"]));
        Assert.Equal(18.0, machine1.AgeInYearsAt(new DateTime(2015, 1, 1))!.Value, 9);
        Assert.Equal(["comp1", "comp2", "comp3", "comp4"], data.Failures.Records.Select(f => f.Component).Distinct().Order());
    }

    [Fact]
    public async Task SkabReadFolderAsync_Valve1_HasEveryFileAndLabel()
    {
        TelemetryBatch valve1 = await SkabDataset.ReadFolderAsync(TestData.Path("skab", "valve1"));

        int[] rows = [1147, 1145, 1075, 1148, 1095, 1154, 1154, 1094, 1144, 1148, 1146, 1141, 1140, 1140, 1139, 1150];
        int[] anomalies = [401, 402, 337, 404, 349, 403, 405, 405, 400, 402, 401, 399, 399, 399, 399, 404];
        TestData.AssertReconciled(valve1, rows.Sum());
        Assert.Empty(valve1.Quarantine);
        TelemetryTable table = valve1.Table;
        Assert.Equal(Enumerable.Range(0, 16).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)), table.AssetIds);
        Assert.Equal(rows, Enumerable.Range(0, 16).Select(a => table.GetTimes(a).Length));
        Assert.Equal(anomalies, Enumerable.Range(0, 16).Select(a => (int)table.GetChannel(table.Schema.GetIndex("anomaly"), a).ToArray().Sum()));
        Assert.Equal(
            ["Accelerometer1RMS", "Accelerometer2RMS", "Current", "Pressure", "Temperature", "Thermocouple", "Voltage", "Volume Flow RateRMS", "anomaly", "changepoint"],
            table.Schema.Channels.Select(c => c.Name));
        Assert.Equal(ChannelRole.Label, table.Schema.Channels[^1].Role);
        Assert.Equal(1.3302, table.GetChannel("Current")[0]);
    }

    [Fact]
    public async Task SkabReadFileAsync_AnomalyFree_HasNineColumns()
    {
        TelemetryBatch free = await SkabDataset.ReadFileAsync(TestData.Path("skab", "anomaly-free", "anomaly-free.csv"));

        TestData.AssertReconciled(free, 9_405);
        Assert.Equal(["anomaly-free"], free.Table.AssetIds);
        Assert.Equal(8, free.Table.Schema.Channels.Count);
    }
}
