using PredictiveMaintenance.DeltaLake.Tests;

namespace PredictiveMaintenance.Storage.Tests;

public class LocalObjectStoreTests
{
    [Fact]
    public async Task ListAsync_DirectOrRecursive_KeysRelativeToTheRootInOrdinalOrder()
    {
        using var dir = new TempDirectory();
        var store = new LocalObjectStore(dir.Path);
        foreach (string key in new[] { "b.parquet", "_delta_log/00000000000000000001.json", "_delta_log/00000000000000000000.json", "p=1/a.parquet", "B.parquet" })
        {
            Assert.True(await store.PutIfAbsentAsync(key, "x"u8.ToArray(), null, CancellationToken.None));
        }

        IReadOnlyList<StoredObject> log = await store.ListAsync("_delta_log", recursive: false, CancellationToken.None);
        IReadOnlyList<StoredObject> all = await store.ListAsync("", recursive: true, CancellationToken.None);

        Assert.Equal(["_delta_log/00000000000000000000.json", "_delta_log/00000000000000000001.json"], log.Select(o => o.Key));
        Assert.Equal(["B.parquet", "_delta_log/00000000000000000000.json", "_delta_log/00000000000000000001.json", "b.parquet", "p=1/a.parquet"], all.Select(o => o.Key));
        Assert.All(all, o => Assert.Equal(1, o.Length));
        Assert.Empty(await store.ListAsync("missing", recursive: true, CancellationToken.None));
    }

    [Fact]
    public async Task ReadAllAsync_MissingObjectOrDirectory_FileNotFoundNamingTheFullPath()
    {
        using var dir = new TempDirectory();
        var store = new LocalObjectStore(dir.Path);

        FileNotFoundException file = await Assert.ThrowsAsync<FileNotFoundException>(() => store.ReadAllAsync("a.json", CancellationToken.None));
        FileNotFoundException directory = await Assert.ThrowsAsync<FileNotFoundException>(() => store.OpenReadAsync("no/such/b.parquet", CancellationToken.None));

        Assert.Equal(dir.Combine("a.json"), file.FileName);
        Assert.Equal(dir.Combine("no", "such", "b.parquet"), directory.FileName);
    }

    [Fact]
    public async Task WriteAsync_NewKeyTaken_FailsAndReplaceOverwrites()
    {
        using var dir = new TempDirectory();
        var store = new LocalObjectStore(dir.Path);

        long size = await store.WriteAsync("p=1/f.parquet", s => s.WriteAsync("abc"u8.ToArray()).AsTask(), replace: false, CancellationToken.None);
        await Assert.ThrowsAsync<IOException>(() => store.WriteAsync("p=1/f.parquet", s => Task.CompletedTask, replace: false, CancellationToken.None));
        await store.WriteAsync("_delta_log/_last_checkpoint", s => s.WriteAsync("1"u8.ToArray()).AsTask(), replace: true, CancellationToken.None);
        await store.WriteAsync("_delta_log/_last_checkpoint", s => s.WriteAsync("22"u8.ToArray()).AsTask(), replace: true, CancellationToken.None);

        Assert.Equal(3, size);
        Assert.Equal("22", File.ReadAllText(dir.Combine("_delta_log", "_last_checkpoint")));
        Assert.Equal(["_delta_log/_last_checkpoint", "p=1/f.parquet"], (await store.ListAsync("", recursive: true, CancellationToken.None)).Select(o => o.Key));
    }

    [Fact]
    public void Describe_KeyWithAnotherScheme_RefusesNamingTheTable()
    {
        using var dir = new TempDirectory();
        var store = new LocalObjectStore(dir.Path);

        ArgumentException error = Assert.Throws<ArgumentException>(() => store.Describe("s3://bucket/f.parquet"));

        Assert.Equal($"'s3://bucket/f.parquet' is on another file system than the store '{dir.Path}'; a local store reads local files only. (Parameter 'key')", error.Message);
        Assert.Equal("/data/f.parquet", store.Describe("/data/f.parquet"));
    }
}
