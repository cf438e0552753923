namespace PredictiveMaintenance.DeltaLake.Tests;

public class DeltaTableCorruptionTests
{
    [Fact]
    public async Task GetSnapshotAsync_TruncatedCommit_FailsNamingFileVersionAndLine()
    {
        using var dir = new TempDirectory();
        DeltaTable table = await WriteTableAsync(dir, commits: 3);
        string commit = dir.Combine("_delta_log", "00000000000000000002.json");
        byte[] content = File.ReadAllBytes(commit);
        File.WriteAllBytes(commit, content[..(content.Length - 40)]);

        DeltaProtocolException error = await Assert.ThrowsAsync<DeltaProtocolException>(() => table.GetSnapshotAsync());
        DeltaSnapshot earlier = await table.GetSnapshotAtVersionAsync(1);

        Assert.Equal(commit, error.FilePath);
        Assert.Equal(2, error.Version);
        Assert.StartsWith($"{commit} (version 2): line 2 is not a valid JSON action (", error.Message, StringComparison.Ordinal);
        Assert.EndsWith("); the file is corrupt or truncated.", error.Message, StringComparison.Ordinal);
        Assert.Equal(1, earlier.Version);
    }

    [Fact]
    public async Task GetSnapshotAsync_EmptyCommit_FailsNamingFileAndVersion()
    {
        using var dir = new TempDirectory();
        DeltaTable table = await WriteTableAsync(dir, commits: 2);
        string commit = dir.Combine("_delta_log", "00000000000000000002.json");
        File.WriteAllBytes(commit, []);

        DeltaProtocolException error = await Assert.ThrowsAsync<DeltaProtocolException>(() => table.GetSnapshotAsync());

        Assert.Equal($"{commit} (version 2): the commit file is empty; it is corrupt or truncated.", error.Message);
    }

    [Fact]
    public async Task GetSnapshotAsync_ActionMissingARequiredField_FailsNamingTheField()
    {
        using var dir = new TempDirectory();
        DeltaTable table = await WriteTableAsync(dir, commits: 1);
        string commit = dir.Combine("_delta_log", "00000000000000000002.json");
        File.WriteAllText(commit, "{\"add\":{\"path\":\"x.parquet\",\"partitionValues\":{},\"modificationTime\":1,\"dataChange\":true}}\n");

        DeltaProtocolException error = await Assert.ThrowsAsync<DeltaProtocolException>(() => table.GetSnapshotAsync());

        Assert.Equal($"{commit} (version 2): line 1 is not a valid Delta action: the add action has no integer field 'size'", error.Message);
    }

    [Fact]
    public async Task GetSnapshotAsync_MissingCommitBetweenOthers_FailsNamingTheGap()
    {
        using var dir = new TempDirectory();
        DeltaTable table = await WriteTableAsync(dir, commits: 4);
        string commit = dir.Combine("_delta_log", "00000000000000000002.json");
        File.Delete(commit);

        DeltaProtocolException error = await Assert.ThrowsAsync<DeltaProtocolException>(() => table.GetSnapshotAsync());

        Assert.Equal($"{commit} (version 2): the commit file is missing, so version 4 cannot be reconstructed (no checkpoint precedes it); the log must hold contiguous commits.", error.Message);
    }

    [Fact]
    public async Task GetSnapshotAsync_CorruptCheckpoint_FailsNamingCheckpointAndVersion()
    {
        using var dir = new TempDirectory();
        DeltaTable table = await WriteTableAsync(dir, commits: 11);
        string checkpoint = dir.Combine("_delta_log", "00000000000000000010.checkpoint.parquet");
        byte[] content = File.ReadAllBytes(checkpoint);
        File.WriteAllBytes(checkpoint, content[..(content.Length / 2)]);

        DeltaProtocolException error = await Assert.ThrowsAsync<DeltaProtocolException>(() => table.GetSnapshotAsync());
        DeltaSnapshot beforeCheckpoint = await table.GetSnapshotAtVersionAsync(9);

        Assert.Equal(checkpoint, error.FilePath);
        Assert.Equal(10, error.Version);
        Assert.StartsWith($"{checkpoint} (version 10): the checkpoint cannot be read: ", error.Message, StringComparison.Ordinal);
        Assert.Equal(9, beforeCheckpoint.Version);
    }

    [Fact]
    public async Task GetSnapshotAsync_CorruptLastCheckpointHint_StillReadsFromTheListing()
    {
        using var dir = new TempDirectory();
        DeltaTable table = await WriteTableAsync(dir, commits: 11);
        File.WriteAllText(dir.Combine("_delta_log", "_last_checkpoint"), "{\"version\":");

        DeltaSnapshot snapshot = await table.GetSnapshotAsync();

        Assert.Equal(11, snapshot.Version);
        Assert.Equal(10, snapshot.CheckpointVersion);
        Assert.Equal(22, (await TestData.RowsAsync(snapshot)).Count);
    }

    [Fact]
    public async Task ReadBatchesAsync_CorruptDataFile_FailsNamingTheFile()
    {
        using var dir = new TempDirectory();
        DeltaTable table = await WriteTableAsync(dir, commits: 1);
        DeltaSnapshot snapshot = await table.GetSnapshotAsync();
        string file = Path.Combine(dir.Path, snapshot.Files[0].Path);
        File.WriteAllBytes(file, [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);

        DeltaProtocolException error = await Assert.ThrowsAsync<DeltaProtocolException>(() => TestData.RowsAsync(snapshot));

        Assert.Equal(file, error.FilePath);
        Assert.StartsWith($"{file}: is not a readable Parquet file: ", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Open_DirectoryWithoutLog_FailsSayingItIsNoTable()
    {
        using var dir = new TempDirectory();

        DeltaProtocolException error = Assert.Throws<DeltaProtocolException>(() => DeltaTable.Open(dir.Path));

        Assert.Equal($"'{dir.Path}' is not a Delta table: it has no _delta_log/00000000000000000000.json or later commit.", error.Message);
        Assert.False(DeltaTable.Exists(dir.Path));
    }

    [Fact]
    public async Task OpenAsync_MissingDirectory_FailsNamingTheFolderAndCreatesNothing()
    {
        using var dir = new TempDirectory();
        string missing = dir.Combine("missing");

        DirectoryNotFoundException async = await Assert.ThrowsAsync<DirectoryNotFoundException>(() => DeltaTable.OpenAsync(missing));
        DirectoryNotFoundException sync = Assert.Throws<DirectoryNotFoundException>(() => DeltaTable.Open(missing));

        Assert.Equal($"Table folder '{missing}' does not exist.", async.Message);
        Assert.Equal(async.Message, sync.Message);
        Assert.False(Directory.Exists(missing));
    }

    private static async Task<DeltaTable> WriteTableAsync(TempDirectory dir, int commits)
    {
        DeltaTable table = await DeltaTable.CreateAsync(dir.Path, new DeltaStructType(new DeltaStructField("id", DeltaPrimitiveType.Long)));
        for (int i = 0; i < commits; i++)
        {
            await table.AppendAsync(TestData.Batch(("id", TestData.Longs(2 * i, (2 * i) + 1))));
        }

        return table;
    }
}
