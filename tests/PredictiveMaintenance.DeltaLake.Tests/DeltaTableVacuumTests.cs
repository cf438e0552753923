namespace PredictiveMaintenance.DeltaLake.Tests;

public class DeltaTableVacuumTests
{
    [Fact]
    public async Task VacuumAsync_RemovedFilesOlderThanRetention_DryRunListsThenDeletes()
    {
        using var dir = new TempDirectory();
        var clock = new ManualClock(DateTimeOffset.UtcNow);
        var schema = new DeltaStructType(new DeltaStructField("id", DeltaPrimitiveType.Long));
        DeltaTable table = await DeltaTable.CreateAsync(dir.Path, schema, options: new DeltaTableOptions { TimeProvider = clock });
        await table.AppendAsync(TestData.Batch(("id", TestData.Longs(1, 2))));
        string removed = (await table.GetSnapshotAsync()).Files.Single().Path;
        await table.OverwriteAsync(TestData.Batch(("id", TestData.Longs(3))));
        File.WriteAllText(dir.Combine(".hidden.parquet"), "not data");
        File.WriteAllText(dir.Combine("_delta_log", "notes.txt"), "kept");

        DeltaVacuumResult fresh = await table.VacuumAsync();
        clock.Advance(TimeSpan.FromDays(8));
        DeltaVacuumResult dryRun = await table.VacuumAsync();
        bool stillThere = File.Exists(dir.Combine(removed));
        DeltaVacuumResult deleted = await table.VacuumAsync(dryRun: false);

        Assert.Empty(fresh.Files);
        Assert.Equal([removed], dryRun.Files);
        Assert.True(dryRun.DryRun);
        Assert.True(stillThere);
        Assert.Equal([removed], deleted.Files);
        Assert.Equal(new FileInfo(dir.Combine((await table.GetSnapshotAsync()).Files.Single().Path)).Length > 0, deleted.Bytes > 0);
        Assert.False(File.Exists(dir.Combine(removed)));
        Assert.True(File.Exists(dir.Combine(".hidden.parquet")));
        Assert.True(File.Exists(dir.Combine("_delta_log", "notes.txt")));
        Assert.Equal([3L], (await TestData.ColumnAsync(await table.GetSnapshotAsync(), "id")).Cast<long>());
        DeltaProtocolException travel = await Assert.ThrowsAsync<DeltaProtocolException>(async () => await TestData.RowsAsync(await table.GetSnapshotAtVersionAsync(1)));
        Assert.EndsWith($"the data file '{removed}' that the log lists does not exist.", travel.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task VacuumAsync_TableRetentionProperty_OverridesTheDefault()
    {
        using var dir = new TempDirectory();
        var clock = new ManualClock(DateTimeOffset.UtcNow);
        var schema = new DeltaStructType(new DeltaStructField("id", DeltaPrimitiveType.Long));
        var properties = new Dictionary<string, string> { ["delta.deletedFileRetentionDuration"] = "interval 1 days" };
        DeltaTable table = await DeltaTable.CreateAsync(dir.Path, schema, new DeltaCreateOptions { Properties = properties }, new DeltaTableOptions { TimeProvider = clock });
        await table.AppendAsync(TestData.Batch(("id", TestData.Longs(1))));
        await table.OverwriteAsync(TestData.Batch(("id", TestData.Longs(2))));
        clock.Advance(TimeSpan.FromHours(36));

        DeltaVacuumResult result = await table.VacuumAsync();

        Assert.Single(result.Files);
    }
}
