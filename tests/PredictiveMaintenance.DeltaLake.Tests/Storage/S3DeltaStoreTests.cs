using PredictiveMaintenance.Storage;

namespace PredictiveMaintenance.DeltaLake.Tests.Storage;

/// <summary>The S3 store's requests and answers, against <see cref="S3Fake"/> (no real S3 and no conditional-write-faithful emulator here).</summary>
public class S3DeltaStoreTests
{
    private static readonly DeltaStructType Schema = TestWriter.Schema;

    [Fact]
    public async Task CreateAppendReadVacuum_ThroughS3Requests_RoundTripsWithRangedReads()
    {
        using var s3 = new S3Fake("lake");
        var options = new DeltaTableOptions { Storage = s3.Storage() };
        DeltaTable table = await DeltaTable.CreateAsync("s3://lake/pdm/t", Schema, new DeltaCreateOptions { PartitionColumns = ["part"] }, options);

        await table.AppendAsync(TestWriter.Rows(0, 4));
        await table.AppendAsync(TestWriter.Rows(1, 4));
        DeltaSnapshot snapshot = await (await DeltaTable.OpenAsync("s3://lake/pdm/t", options)).GetSnapshotAsync();
        List<object?[]> rows = await TestData.RowsAsync(snapshot);
        DeltaVacuumResult vacuum = await table.VacuumAsync();

        Assert.Equal(2, snapshot.Version);
        Assert.Equal(8, rows.Count);
        Assert.Equal(["0/0", "0/1", "0/2", "0/3", "1/0", "1/1", "1/2", "1/3"], rows.Select(r => $"{r[1]}/{r[2]}").Order(StringComparer.Ordinal));
        Assert.Equal(
            ["pdm/t/_delta_log/00000000000000000000.json", "pdm/t/_delta_log/00000000000000000001.json", "pdm/t/_delta_log/00000000000000000002.json"],
            s3.Keys("lake").Where(k => k.Contains("_delta_log", StringComparison.Ordinal)));
        Assert.Equal(4, s3.Keys("lake").Count(k => k.EndsWith(".parquet", StringComparison.Ordinal)));
        Assert.Equal(4, s3.Requests("HEAD"));
        Assert.Empty(vacuum.Files);
    }

    [Fact]
    public async Task AppendAsync_VersionTakenWith412_RetriesAsTheNextVersion()
    {
        using var s3 = new S3Fake("lake");
        var options = new DeltaTableOptions { Storage = s3.Storage() };
        DeltaTable table = await DeltaTable.CreateAsync("s3://lake/t", Schema, options: options);
        DeltaSnapshot stale = await table.GetSnapshotAsync();
        await table.AppendAsync(TestWriter.Rows(0, 2));

        DeltaCommitResult result = await table.AppendAsync(TestWriter.Rows(1, 2), new DeltaWriteOptions { ReadSnapshot = stale });

        Assert.Equal(new DeltaCommitResult(2, 1, 0, 2, 1), result);
    }

    [Fact]
    public async Task AppendAsync_ConditionalRequestConflict409Once_RepeatsThePutAndCommitsTheVersion()
    {
        using var s3 = new S3Fake("lake");
        var options = new DeltaTableOptions { Storage = s3.Storage() };
        DeltaTable table = await DeltaTable.CreateAsync("s3://lake/t", Schema, options: options);
        s3.FailOnce(r => r.HttpMethod == "PUT" && r.Url!.AbsolutePath.EndsWith("00000000000000000001.json", StringComparison.Ordinal) ? (409, "ConditionalRequestConflict") : null);

        DeltaCommitResult result = await table.AppendAsync(TestWriter.Rows(0, 2));

        Assert.Equal(new DeltaCommitResult(1, 1, 0, 2, 0), result);
        Assert.Equal(2, (await TestData.RowsAsync(await table.GetSnapshotAsync())).Count);
    }

    [Fact]
    public async Task AppendAsync_CommitStoredButItsAnswerLost_CountsAsWonAndCommitsOnce()
    {
        using var s3 = new S3Fake("lake");
        var options = new DeltaTableOptions { Storage = s3.Storage() };
        DeltaTable table = await DeltaTable.CreateAsync("s3://lake/t", Schema, options: options);
        s3.LoseAnswerOnce("_delta_log/00000000000000000001.json");

        DeltaCommitResult result = await table.AppendAsync(TestWriter.Rows(0, 2));
        DeltaSnapshot snapshot = await table.GetSnapshotAsync();

        Assert.Equal(new DeltaCommitResult(1, 1, 0, 2, 0), result);
        Assert.Equal(1, snapshot.Version);
        Assert.Equal(2, (await TestData.RowsAsync(snapshot)).Count);
    }

    [Fact]
    public async Task OpenAsync_MissingBucket_FailsNamingTheLocationAndBucket()
    {
        using var s3 = new S3Fake("lake");

        StorageException error = await Assert.ThrowsAsync<StorageException>(() => DeltaTable.OpenAsync("s3://other/t", new DeltaTableOptions { Storage = s3.Storage() }));

        Assert.Equal("s3://other/t/_delta_log/_last_checkpoint: the bucket 'other' does not exist; create it first.", error.Message);
        Assert.Equal(404, error.Status);
    }

    [Fact]
    public async Task OpenAsync_StoreKeepsAnswering503SlowDown_RetriedByTheSdkThenNamed()
    {
        using var s3 = new S3Fake("lake") { Always = (503, "SlowDown") };

        StorageException error = await Assert.ThrowsAsync<StorageException>(() => DeltaTable.OpenAsync("s3://lake/t", new DeltaTableOptions { Storage = s3.Storage(maxRetries: 3) }));

        Assert.Equal(503, error.Status);
        Assert.Equal(4, s3.Requests("GET"));
        Assert.Equal("s3://lake/t/_delta_log/_last_checkpoint: the store stayed unavailable or kept throttling (503 SlowDown) through the S3 client's retries with back-off; retry later or raise StorageOptions.MaxRetries.", error.Message);
    }

    [Fact]
    public async Task CreateAsync_StoreWithoutConditionalWrites_RefusesToCommitNamingTheVersion()
    {
        using var s3 = new S3Fake("lake") { NoConditionalWrites = true };

        DeltaStorageException error = await Assert.ThrowsAsync<DeltaStorageException>(() => DeltaTable.CreateAsync("s3://lake/t", Schema, options: new DeltaTableOptions { Storage = s3.Storage() }));

        Assert.Equal(501, error.Status);
        Assert.Equal(0, error.Version);
        Assert.StartsWith("s3://lake/t/_delta_log/00000000000000000000.json (version 0): the store does not honour conditional writes (If-None-Match: *, answered 501 NotImplemented)", error.Message, StringComparison.Ordinal);
        Assert.Empty(s3.Keys("lake"));
    }
}
