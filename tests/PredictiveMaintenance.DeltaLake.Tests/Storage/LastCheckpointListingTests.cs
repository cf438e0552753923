using System.Text;
using PredictiveMaintenance.Benchmarks;

namespace PredictiveMaintenance.DeltaLake.Tests.Storage;

/// <summary>
/// On object stores the log is listed from the checkpoint that <c>_last_checkpoint</c> names, not from version 0; the
/// hint is only a hint: when it is stale, dangling, unreadable or newer than the version asked for, the whole log is listed.
/// </summary>
public class LastCheckpointListingTests
{
    private const int Commits = 25;
    private const int RowsPerCommit = 2;

    [AzuriteFact]
    public async Task GetSnapshotAsync_CheckpointedTableInAzurite_ListsFromTheLastCheckpointAndReadsOnlyTheCommitsAfterIt()
    {
        await using AzuriteContainer container = await Azurite.CreateContainerAsync();
        await CreateCheckpointedTableAsync(container.Az("t"), new DeltaTableOptions { Storage = Azurite.Storage, CheckpointInterval = 10 });
        var log = new AzureRequestLog();
        var options = new DeltaTableOptions { Storage = log.Storage(Azurite.ConnectionString) };

        DeltaSnapshot fromHint = await (await DeltaTable.OpenAsync(container.Az("t"), options)).GetSnapshotAsync();
        AzureRequest[] hinted = [.. log.Requests];
        log.Clear();
        await container.Client.GetBlobClient("t/_delta_log/_last_checkpoint").DeleteAsync();
        DeltaSnapshot fromStart = await (await DeltaTable.OpenAsync(container.Az("t"), options)).GetSnapshotAsync();
        AzureRequest[] unhinted = [.. log.Requests];

        Assert.Equal(Commits, fromHint.Version);
        Assert.Equal(20, fromHint.CheckpointVersion);
        Assert.Equal(fromStart.Files.Select(f => f.Path).Order(StringComparer.Ordinal), fromHint.Files.Select(f => f.Path).Order(StringComparer.Ordinal));
        Assert.Equal(Commits * RowsPerCommit, (await TestData.RowsAsync(fromHint)).Count);
        AzureRequest[] listings = [.. hinted.Where(r => r.Kind == "list")];
        Assert.Equal(2, listings.Length);
        Assert.All(listings, r => Assert.Contains("startFrom=" + Uri.EscapeDataString("t/_delta_log/00000000000000000020"), r.Uri.Query, StringComparison.Ordinal));
        Assert.All(unhinted.Where(r => r.Kind == "list"), r => Assert.DoesNotContain("startFrom", r.Uri.Query, StringComparison.Ordinal));
        Assert.Equal(CommitNames(21, Commits), CommitsRead(hinted));
        Assert.Equal(CommitNames(21, Commits), CommitsRead(unhinted));
    }

    [AzuriteTheory]
    [InlineData("{\"version\":40,\"size\":3}", 20)]
    [InlineData("{\"version\":10,\"size\":3}", 20)]
    [InlineData("{\"vers", 20)]
    [InlineData("[]", 20)]
    public async Task GetSnapshotAsync_HintDanglingStaleOrUnreadable_ReadsTheLatestVersionFromTheNewestCheckpoint(string lastCheckpoint, long checkpointUsed)
    {
        await using AzuriteContainer container = await Azurite.CreateContainerAsync();
        var options = new DeltaTableOptions { Storage = Azurite.Storage, CheckpointInterval = 10 };
        await CreateCheckpointedTableAsync(container.Az("t"), options);
        await container.Client.GetBlobClient("t/_delta_log/_last_checkpoint").UploadAsync(new BinaryData(Encoding.UTF8.GetBytes(lastCheckpoint)), overwrite: true);

        DeltaSnapshot snapshot = await (await DeltaTable.OpenAsync(container.Az("t"), options)).GetSnapshotAsync();

        Assert.Equal(Commits, snapshot.Version);
        Assert.Equal(checkpointUsed, snapshot.CheckpointVersion);
        Assert.Equal(Commits * RowsPerCommit, (await TestData.RowsAsync(snapshot)).Count);
    }

    [AzuriteFact]
    public async Task GetSnapshotAsync_CheckpointTheHintNamesDeleted_ListsTheWholeLogAndUsesTheOlderCheckpoint()
    {
        await using AzuriteContainer container = await Azurite.CreateContainerAsync();
        var options = new DeltaTableOptions { Storage = Azurite.Storage, CheckpointInterval = 10 };
        await CreateCheckpointedTableAsync(container.Az("t"), options);
        await container.Client.GetBlobClient("t/_delta_log/00000000000000000020.checkpoint.parquet").DeleteAsync();

        DeltaSnapshot snapshot = await (await DeltaTable.OpenAsync(container.Az("t"), options)).GetSnapshotAsync();

        Assert.Equal(Commits, snapshot.Version);
        Assert.Equal(10, snapshot.CheckpointVersion);
        Assert.Equal(Commits * RowsPerCommit, (await TestData.RowsAsync(snapshot)).Count);
    }

    [AzuriteFact]
    public async Task GetSnapshotAtVersionAsync_VersionOlderThanTheHint_ListsTheWholeLog()
    {
        await using AzuriteContainer container = await Azurite.CreateContainerAsync();
        var options = new DeltaTableOptions { Storage = Azurite.Storage, CheckpointInterval = 10 };
        DeltaTable table = await CreateCheckpointedTableAsync(container.Az("t"), options);

        DeltaSnapshot early = await table.GetSnapshotAtVersionAsync(5);
        DeltaSnapshot atCheckpoint = await table.GetSnapshotAtVersionAsync(20);

        Assert.Equal(5 * RowsPerCommit, (await TestData.RowsAsync(early)).Count);
        Assert.Null(early.CheckpointVersion);
        Assert.Equal(20 * RowsPerCommit, (await TestData.RowsAsync(atCheckpoint)).Count);
        Assert.Equal(20, atCheckpoint.CheckpointVersion);
    }

    [Fact]
    public async Task GetSnapshotAsync_CheckpointedTableInS3_ListsStartingAfterTheHintedVersion()
    {
        using var s3 = new S3Fake("lake");
        var options = new DeltaTableOptions { Storage = s3.Storage(), CheckpointInterval = 10 };
        await CreateCheckpointedTableAsync("s3://lake/pdm/t", options);
        int before = s3.ListingStarts.Count;

        DeltaSnapshot snapshot = await (await DeltaTable.OpenAsync("s3://lake/pdm/t", options)).GetSnapshotAsync();

        Assert.Equal(Commits, snapshot.Version);
        Assert.Equal(20, snapshot.CheckpointVersion);
        Assert.Equal(["pdm/t/_delta_log/00000000000000000020", "pdm/t/_delta_log/00000000000000000020"], s3.ListingStarts.Skip(before));
        Assert.Equal(Commits * RowsPerCommit, (await TestData.RowsAsync(snapshot)).Count);
    }

    [Fact]
    public async Task GetSnapshotAsync_LocalTable_ListsTheDirectoryWithoutReadingTheHint()
    {
        using var directory = new TempDirectory();
        var options = new DeltaTableOptions { CheckpointInterval = 10 };
        await CreateCheckpointedTableAsync(directory.Path, options);

        // A dangling hint changes nothing where listing is a readdir: the newest checkpoint is found by listing.
        File.WriteAllText(Path.Combine(directory.Path, "_delta_log", "_last_checkpoint"), "{\"version\":40}");
        DeltaSnapshot snapshot = await DeltaTable.Open(directory.Path, options).GetSnapshotAsync();

        Assert.Equal(Commits, snapshot.Version);
        Assert.Equal(20, snapshot.CheckpointVersion);
    }

    private static async Task<DeltaTable> CreateCheckpointedTableAsync(string location, DeltaTableOptions options)
    {
        DeltaTable table = await DeltaTable.CreateAsync(location, TestWriter.Schema, options: options);
        for (int batch = 0; batch < Commits; batch++)
        {
            await table.AppendAsync(TestWriter.Rows(batch, RowsPerCommit));
        }

        return table;
    }

    private static string[] CommitNames(int first, int last) =>
        [.. Enumerable.Range(first, last - first + 1).Select(v => $"t/_delta_log/{v:D20}.json")];

    private static string[] CommitsRead(IEnumerable<AzureRequest> requests) =>
        [.. requests.Where(r => r.Kind == "get" && r.Blob.EndsWith(".json", StringComparison.Ordinal)).Select(r => r.Blob).Distinct().Order(StringComparer.Ordinal)];
}
