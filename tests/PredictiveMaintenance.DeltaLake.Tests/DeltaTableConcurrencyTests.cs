using System.Diagnostics;
using System.Globalization;
using Apache.Arrow;

namespace PredictiveMaintenance.DeltaLake.Tests;

public class DeltaTableConcurrencyTests
{
    private static readonly DeltaStructType Schema = TestWriter.Schema;

    [Fact]
    public async Task AppendAsync_AfterAConcurrentAppend_RetriesAsTheNextVersion()
    {
        using var dir = new TempDirectory();
        DeltaTable table = await DeltaTable.CreateAsync(dir.Path, Schema, new DeltaCreateOptions { PartitionColumns = ["part"] });
        DeltaSnapshot stale = await table.GetSnapshotAsync();
        await table.AppendAsync(Rows(1, 0, 4));

        DeltaCommitResult result = await table.AppendAsync(Rows(2, 0, 4), new DeltaWriteOptions { ReadSnapshot = stale });

        Assert.Equal(new DeltaCommitResult(2, 2, 0, 4, 1), result);
        Assert.Equal(8, (await TestData.RowsAsync(await table.GetSnapshotAsync())).Count);
    }

    [Fact]
    public async Task OverwriteAsync_AfterAConcurrentWriteToTheSamePartition_FailsWithConflict()
    {
        using var dir = new TempDirectory();
        DeltaTable table = await DeltaTable.CreateAsync(dir.Path, Schema, new DeltaCreateOptions { PartitionColumns = ["part"] });
        await table.AppendAsync(Rows(1, 0, 4));
        DeltaSnapshot stale = await table.GetSnapshotAsync();
        await table.AppendAsync(Rows(2, 0, 4));
        DeltaPredicate even = DeltaPredicate.Equal("part", "even");

        DeltaConcurrencyException error = await Assert.ThrowsAsync<DeltaConcurrencyException>(
            () => table.OverwriteAsync(Rows(3, 0, 4, only: "even"), even, new DeltaWriteOptions { ReadSnapshot = stale }));
        DeltaSnapshot latest = await table.GetSnapshotAsync();

        string added = latest.Files.Single(f => f.PartitionValues["part"] == "even" && !stale.Files.Any(s => s.Path == f.Path)).Path;
        Assert.Equal($"The commit based on version 1 conflicts with the concurrent commit 2: it added the file '{added}' to a partition matching part = 'even', which this commit replaces.", error.Message);
        Assert.Equal(1, error.ReadVersion);
        Assert.Equal(2, error.WinningVersion);
        Assert.Equal(2, latest.Version);
    }

    [Fact]
    public async Task OverwriteAsync_AfterAConcurrentWriteToAnotherPartition_Succeeds()
    {
        using var dir = new TempDirectory();
        DeltaTable table = await DeltaTable.CreateAsync(dir.Path, Schema, new DeltaCreateOptions { PartitionColumns = ["part"] });
        await table.AppendAsync(Rows(1, 0, 4));
        DeltaSnapshot stale = await table.GetSnapshotAsync();
        await table.AppendAsync(Rows(2, 0, 4, only: "odd"));

        DeltaCommitResult result = await table.OverwriteAsync(Rows(3, 0, 4, only: "even"), DeltaPredicate.Equal("part", "even"), new DeltaWriteOptions { ReadSnapshot = stale });
        List<object?[]> rows = await TestData.RowsAsync(await table.GetSnapshotAsync());

        Assert.Equal(new DeltaCommitResult(3, 1, 1, 2, 1), result);
        Assert.Equal(["1:odd", "1:odd", "2:odd", "2:odd", "3:even", "3:even"], rows.Select(r => $"{r[0]}:{r[3]}").Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task DeleteAsync_AfterAConcurrentDeleteOfTheSameFiles_FailsWithConflict()
    {
        using var dir = new TempDirectory();
        DeltaTable table = await DeltaTable.CreateAsync(dir.Path, Schema, new DeltaCreateOptions { PartitionColumns = ["part"] });
        await table.AppendAsync(Rows(1, 0, 4));
        DeltaSnapshot stale = await table.GetSnapshotAsync();
        await table.DeleteAsync(DeltaPredicate.Equal("part", "odd"));

        DeltaConcurrencyException error = await Assert.ThrowsAsync<DeltaConcurrencyException>(
            () => table.DeleteAsync(DeltaPredicate.Equal("part", "odd"), new DeltaWriteOptions { ReadSnapshot = stale }));

        string file = stale.Files.Single(f => f.PartitionValues["part"] == "odd").Path;
        Assert.Equal($"The commit based on version 1 conflicts with the concurrent commit 2: it removed the file '{file}', which this commit removes too.", error.Message);
    }

    [Fact]
    public async Task AppendAsync_AfterAConcurrentSchemaChange_FailsWithConflict()
    {
        using var dir = new TempDirectory();
        DeltaTable table = await DeltaTable.CreateAsync(dir.Path, Schema);
        DeltaSnapshot stale = await table.GetSnapshotAsync();
        RecordBatch wider = TestData.Batch([.. Columns(Rows(1, 0, 2)), ("extra", TestData.Strings("x", "y"))]);
        await table.AppendAsync(wider, new DeltaWriteOptions { MergeSchema = true });

        DeltaConcurrencyException error = await Assert.ThrowsAsync<DeltaConcurrencyException>(
            () => table.AppendAsync(Rows(2, 0, 2), new DeltaWriteOptions { ReadSnapshot = stale }));

        Assert.Equal("The commit based on version 0 conflicts with the concurrent commit 1: it changed the table's metadata or protocol.", error.Message);
    }

    [Fact]
    public async Task AppendAsync_TableProperties_AreSetInTheSameCommitAndOthersKept()
    {
        using var dir = new TempDirectory();
        DeltaTable table = await DeltaTable.CreateAsync(dir.Path, Schema, new DeltaCreateOptions { Properties = new Dictionary<string, string> { ["owner"] = "plant-1", ["stage"] = "raw" } });

        DeltaCommitResult result = await table.AppendAsync(Rows(1, 0, 2), new DeltaWriteOptions { TableProperties = new Dictionary<string, string> { ["stage"] = "clean", ["delta.appendOnly"] = "true" } });
        DeltaSnapshot latest = await table.GetSnapshotAsync();

        Assert.Equal(1, result.Version);
        Assert.Equal(
            [new("delta.appendOnly", "true"), new("owner", "plant-1"), new KeyValuePair<string, string>("stage", "clean")],
            latest.Metadata.Configuration.OrderBy(p => p.Key, StringComparer.Ordinal));
        Assert.Equal(2, latest.RowCount);
    }

    [Fact]
    public async Task AppendAsync_TablePropertiesAfterAConcurrentPropertyChange_FailsWithConflict()
    {
        using var dir = new TempDirectory();
        DeltaTable table = await DeltaTable.CreateAsync(dir.Path, Schema);
        DeltaSnapshot stale = await table.GetSnapshotAsync();
        await table.AppendAsync(Rows(1, 0, 2), new DeltaWriteOptions { TableProperties = new Dictionary<string, string> { ["stage"] = "clean" } });

        DeltaConcurrencyException error = await Assert.ThrowsAsync<DeltaConcurrencyException>(
            () => table.AppendAsync(Rows(2, 0, 2), new DeltaWriteOptions { ReadSnapshot = stale, TableProperties = new Dictionary<string, string> { ["stage"] = "raw" } }));

        Assert.Equal("The commit based on version 0 conflicts with the concurrent commit 1: it changed the table's metadata or protocol.", error.Message);
        Assert.Equal("clean", (await table.GetSnapshotAsync()).Metadata.Configuration["stage"]);
    }

    [Fact]
    public async Task AppendAsync_TablePropertyNeedingAFeature_IsRefusedBeforeAnythingIsWritten()
    {
        using var dir = new TempDirectory();
        DeltaTable table = await DeltaTable.CreateAsync(dir.Path, Schema);

        DeltaProtocolException error = await Assert.ThrowsAsync<DeltaProtocolException>(
            () => table.AppendAsync(Rows(1, 0, 2), new DeltaWriteOptions { TableProperties = new Dictionary<string, string> { ["delta.enableChangeDataFeed"] = "true" } }));

        Assert.StartsWith("Table property 'delta.enableChangeDataFeed' needs a table feature this writer does not implement;", error.Message, StringComparison.Ordinal);
        Assert.Equal(0, (await table.GetSnapshotAsync()).Version);
        Assert.Empty(Directory.GetFiles(dir.Path, "*.parquet"));
    }

    [Fact]
    public async Task AppendAsync_ReadSnapshotOfAnotherTable_IsRefused()
    {
        using var dir = new TempDirectory();
        DeltaTable first = await DeltaTable.CreateAsync(Path.Combine(dir.Path, "first"), Schema);
        DeltaTable second = await DeltaTable.CreateAsync(Path.Combine(dir.Path, "second"), Schema);
        DeltaSnapshot ofFirst = await first.GetSnapshotAsync();

        ArgumentException error = await Assert.ThrowsAsync<ArgumentException>(
            () => second.AppendAsync(Rows(1, 0, 2), new DeltaWriteOptions { ReadSnapshot = ofFirst }));

        Assert.Equal($"The read snapshot is of '{first.Path}', not of '{second.Path}'. (Parameter 'writeOptions')", error.Message);
    }

    [Fact]
    public async Task AppendAsync_LosingMoreRacesThanAllowed_FailsNamingTheRetryLimit()
    {
        using var dir = new TempDirectory();
        await DeltaTable.CreateAsync(dir.Path, Schema);
        DeltaTable table = DeltaTable.Open(dir.Path, new DeltaTableOptions { MaxCommitRetries = 0 });
        DeltaSnapshot stale = await table.GetSnapshotAsync();
        await table.AppendAsync(Rows(1, 0, 2));

        DeltaConcurrencyException error = await Assert.ThrowsAsync<DeltaConcurrencyException>(
            () => table.AppendAsync(Rows(2, 0, 2), new DeltaWriteOptions { ReadSnapshot = stale }));

        Assert.Equal($"The commit based on version 0 of '{dir.Path}' lost the race for a version 1 times (last tried version 1); giving up after 0 retries.", error.Message);
    }

    [Fact]
    public async Task AppendAsync_FourWriterProcessesFiftyBatchesEach_CommitEveryRowOnceInContiguousVersions()
    {
        using var dir = new TempDirectory();
        await DeltaTable.CreateAsync(dir.Path, TestWriter.Schema, new DeltaCreateOptions { PartitionColumns = ["part"] });

        await TestWriter.AssertFourWritersCommitEveryRowOnceAsync(
            await DeltaTable.OpenAsync(dir.Path),
            () => Task.FromResult<IEnumerable<string>>(Directory.GetFiles(Path.Combine(dir.Path, "_delta_log"), "*.json").Select(f => Path.GetFileName(f))),
            new Dictionary<string, string>());
    }

    [Fact]
    public async Task AppendAsync_WriterKilledBeforeCommitting_LeavesPreviousVersionAndOrphansThatVacuumRemoves()
    {
        using var dir = new TempDirectory();
        DeltaTable table = await DeltaTable.CreateAsync(dir.Path, Schema, new DeltaCreateOptions { PartitionColumns = ["part"] });
        await table.AppendAsync(Rows(0, 0, 6));
        DeltaSnapshot before = await table.GetSnapshotAsync();

        using Process crash = TestWriter.Start("crash", dir.Path, new Dictionary<string, string>(), 9, 6);
        await crash.StandardOutput.ReadToEndAsync();
        await crash.WaitForExitAsync();
        DeltaSnapshot after = await DeltaTable.Open(dir.Path).GetSnapshotAsync();
        string[] dataFiles = [.. Directory.GetFiles(dir.Path, "*.parquet", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(dir.Path, f).Replace('\\', '/')).Order(StringComparer.Ordinal)];
        string[] orphans = [.. dataFiles.Except(after.Files.Select(f => f.Path))];
        DeltaVacuumResult recent = await table.VacuumAsync(dryRun: false);
        var later = new ManualClock(DateTimeOffset.UtcNow.AddDays(8));
        DeltaVacuumResult vacuum = await DeltaTable.Open(dir.Path, new DeltaTableOptions { TimeProvider = later }).VacuumAsync(dryRun: false);

        Assert.NotEqual(0, crash.ExitCode);
        Assert.NotEqual(3, crash.ExitCode);
        Assert.Equal(1, after.Version);
        Assert.Equal(before.Files.Select(f => f.Path), after.Files.Select(f => f.Path));
        Assert.Equal(["0", "0", "0", "0", "0", "0"], (await TestData.RowsAsync(after)).Select(r => Convert.ToString(r[0], CultureInfo.InvariantCulture)));
        Assert.Equal(2, orphans.Length);
        Assert.Empty(recent.Files);
        Assert.Equal(orphans, vacuum.Files);
        Assert.False(vacuum.DryRun);
        Assert.All(orphans, o => Assert.False(File.Exists(Path.Combine(dir.Path, o))));
        Assert.Equal(6, (await TestData.RowsAsync(await table.GetSnapshotAsync())).Count);
    }

    /// <summary>Rows (writer, batch, row, part) with part "even" or "odd" by row, optionally only one of them.</summary>
    private static RecordBatch Rows(int writer, int batch, int count, string? only = null)
    {
        int[] rows = [.. Enumerable.Range(0, count).Where(r => only is null || (r % 2 == 0 ? "even" : "odd") == only)];
        return TestData.Batch(
            ("writer", TestData.Ints([.. rows.Select(_ => (int?)writer)])),
            ("batch", TestData.Ints([.. rows.Select(_ => (int?)batch)])),
            ("row", TestData.Longs([.. rows.Select(r => (long?)r)])),
            ("part", TestData.Strings([.. rows.Select(r => r % 2 == 0 ? "even" : "odd")])));
    }

    private static IEnumerable<(string, IArrowArray)> Columns(RecordBatch batch) =>
        batch.Schema.FieldsList.Select((f, i) => (f.Name, batch.Column(i)));
}
