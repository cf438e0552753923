using System.Diagnostics;
using PredictiveMaintenance.Storage;

namespace PredictiveMaintenance.DeltaLake.Tests.Storage;

/// <summary>The golden tables uploaded to Azurite once for the tests of <see cref="AzureBlobDeltaStoreTests"/>.</summary>
public sealed class AzuriteGoldenTables : IAsyncLifetime
{
    internal AzuriteContainer? Container { get; private set; }

    public async Task InitializeAsync()
    {
        if (Azurite.SkipReason is null)
        {
            Container = await Azurite.CreateContainerAsync();
            await Container.UploadDirectoryAsync(TestData.GoldenRoot, "golden");
        }
    }

    public async Task DisposeAsync()
    {
        if (Container is not null)
        {
            await Container.DisposeAsync();
        }
    }
}

public class AzureBlobDeltaStoreTests(AzuriteGoldenTables golden) : IClassFixture<AzuriteGoldenTables>
{
    public static TheoryData<string, string, long> GoldenVersionsByForm()
    {
        var data = new TheoryData<string, string, long>();
        foreach (string form in new[] { "abfss", "az" })
        {
            foreach (object[] row in DeltaTableGoldenTests.GoldenVersions())
            {
                data.Add(form, (string)row[0], (long)row[1]);
            }
        }

        return data;
    }

    public static TheoryData<string, string> GoldenTablesByForm()
    {
        var data = new TheoryData<string, string>();
        foreach (string form in new[] { "abfss", "az" })
        {
            foreach (string name in DeltaTableGoldenTests.GoldenTables())
            {
                data.Add(form, name);
            }
        }

        return data;
    }

    [AzuriteTheory]
    [MemberData(nameof(GoldenVersionsByForm))]
    public async Task GetSnapshotAtVersionAsync_GoldenVersionInAzurite_MatchesManifestAsTheLocalCopyDoes(string form, string name, long version)
    {
        DeltaTable table = await DeltaTable.OpenAsync(Location(form, name), new DeltaTableOptions { Storage = Azurite.Storage });

        await DeltaTableGoldenTests.AssertVersionMatchesManifestAsync(table, name, version);
    }

    [AzuriteTheory]
    [MemberData(nameof(GoldenTablesByForm))]
    public async Task GetSnapshotAsync_GoldenTableInAzurite_MatchesManifestAsTheLocalCopyDoes(string form, string name)
    {
        DeltaTable table = await DeltaTable.OpenAsync(Location(form, name), new DeltaTableOptions { Storage = Azurite.Storage });

        await DeltaTableGoldenTests.AssertLatestMatchesManifestAsync(table, name);
    }

    [AzuriteFact]
    public async Task ReadBatchesAsync_GoldenTablesInAzurite_SameRowsAsTheLocalCopies()
    {
        foreach (string name in DeltaTableGoldenTests.GoldenTables())
        {
            DeltaSnapshot local = await DeltaTable.Open(TestData.Golden(name)).GetSnapshotAsync();
            if (name.StartsWith("deltalog-getChanges", StringComparison.Ordinal))
            {
                continue;
            }

            DeltaSnapshot remote = await (await DeltaTable.OpenAsync(Location("az", name), new DeltaTableOptions { Storage = Azurite.Storage })).GetSnapshotAsync();

            Assert.Equal(Rows(await TestData.RowsAsync(local)), Rows(await TestData.RowsAsync(remote)));
        }
    }

    [AzuriteFact]
    public async Task AppendAsync_FourWriterProcessesFiftyBatchesEachInAzurite_CommitEveryRowOnceInContiguousVersions()
    {
        await using AzuriteContainer container = await Azurite.CreateContainerAsync();
        string location = container.Az("lake/appends");
        DeltaTable table = await DeltaTable.CreateAsync(location, TestWriter.Schema, new DeltaCreateOptions { PartitionColumns = ["part"] }, new DeltaTableOptions { Storage = Azurite.Storage });

        await TestWriter.AssertFourWritersCommitEveryRowOnceAsync(
            table,
            async () => (await container.NamesAsync("lake/appends/_delta_log/")).Where(n => n.EndsWith(".json", StringComparison.Ordinal)).Select(n => n[(n.LastIndexOf('/') + 1)..]),
            new Dictionary<string, string> { ["AZURE_STORAGE_CONNECTION_STRING"] = Azurite.ConnectionString });
    }

    [AzuriteFact]
    public async Task AppendAsync_WriterKilledAtRandomPoints20TimesInAzurite_EveryVersionConsistentAndVacuumRemovesTheOrphans()
    {
        await using AzuriteContainer container = await Azurite.CreateContainerAsync();
        string location = container.Az("lake/crashes");
        var options = new DeltaTableOptions { Storage = Azurite.Storage };
        DeltaTable table = await DeltaTable.CreateAsync(location, TestWriter.Schema, new DeltaCreateOptions { PartitionColumns = ["part"] }, options);
        var environment = new Dictionary<string, string> { ["AZURE_STORAGE_CONNECTION_STRING"] = Azurite.ConnectionString };
        var random = new Random(20261207);
        var versions = new List<long>();

        for (int kill = 0; kill < 20; kill++)
        {
            using Process writer = TestWriter.Start("append", location, environment, 0, 100_000, 10);
            await Task.Delay(TimeSpan.FromMilliseconds(random.Next(400, 2_500)));
            writer.Kill();
            await writer.WaitForExitAsync();

            DeltaSnapshot snapshot = await table.GetSnapshotAsync();
            List<object?[]> rows = await TestData.RowsAsync(snapshot);
            long batches = snapshot.Transactions.TryGetValue("writer-0", out long last) ? last + 1 : 0;
            Assert.Equal(batches * 10, rows.Count);
            Assert.Equal(rows.Count, rows.Select(r => $"{r[1]}/{r[2]}").Distinct().Count());
            versions.Add(snapshot.Version);
        }

        // A random kill leaves an orphan only when it lands between a data file's upload and the commit, which 20 kills
        // do not always hit; a writer that dies at its commit, its data files uploaded, makes sure vacuum has orphans to find.
        using (Process crash = TestWriter.Start("crash", location, environment, 1, 10))
        {
            await crash.StandardOutput.ReadToEndAsync();
            await crash.WaitForExitAsync();
        }

        DeltaSnapshot final = await table.GetSnapshotAsync();
        Assert.Equal(versions[^1], final.Version);
        HashSet<string> live = [.. final.Files.Select(f => "lake/crashes/" + Uri.UnescapeDataString(f.Path))];
        List<string> orphans = [.. (await container.NamesAsync("lake/crashes/")).Where(n => n.EndsWith(".parquet", StringComparison.Ordinal) && !n.Contains("/_delta_log/", StringComparison.Ordinal) && !live.Contains(n))];
        DeltaVacuumResult recent = await table.VacuumAsync(dryRun: false);
        var later = new DeltaTableOptions { Storage = Azurite.Storage, TimeProvider = new ManualClock(DateTimeOffset.UtcNow.AddDays(8)) };
        DeltaVacuumResult vacuum = await (await DeltaTable.OpenAsync(location, later)).VacuumAsync(dryRun: false);
        List<string> left = [.. (await container.NamesAsync("lake/crashes/")).Where(n => n.EndsWith(".parquet", StringComparison.Ordinal) && !n.Contains("/_delta_log/", StringComparison.Ordinal))];

        Assert.True(versions[^1] > 20, $"the writer committed only {versions[^1]} versions in 20 runs");
        Assert.Equal(versions.Order(), versions);
        Assert.NotEmpty(orphans);
        Assert.Empty(recent.Files);
        Assert.Equal(orphans.Select(o => o["lake/crashes/".Length..]).Order(StringComparer.Ordinal), vacuum.Files);
        Assert.Equal(live.Order(StringComparer.Ordinal), left.Order(StringComparer.Ordinal));
        Assert.Equal(final.RowCount, (await TestData.RowsAsync(await table.GetSnapshotAsync())).Count);
    }

    [AzuriteFact]
    public async Task OpenAsync_MissingContainer_FailsNamingTheLocationContainerAndAccount()
    {
        var options = new DeltaTableOptions { Storage = Azurite.Storage };

        StorageException error = await Assert.ThrowsAsync<StorageException>(() => DeltaTable.OpenAsync("az://no-such-container/lake/t", options));

        Assert.Equal("az://no-such-container/lake/t/_delta_log/_last_checkpoint: the container 'no-such-container' does not exist in storage account 'devstoreaccount1'; create it first.", error.Message);
        Assert.Equal(404, error.Status);
    }

    [AzuriteFact]
    public async Task OpenAsync_WrongAccountKey_FailsWith403NamingTheAccountAndContainer()
    {
        await using AzuriteContainer container = await Azurite.CreateContainerAsync();
        string wrongKey = Convert.ToBase64String(new byte[64]);
        var options = new DeltaTableOptions
        {
            Storage = new StorageOptions { AzureConnectionString = $"DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey={wrongKey};BlobEndpoint=http://127.0.0.1:10000/devstoreaccount1;", MaxRetries = 0 },
        };

        StorageException error = await Assert.ThrowsAsync<StorageException>(() => DeltaTable.OpenAsync(container.Az("t"), options));

        Assert.Equal(403, error.Status);
        Assert.StartsWith($"{container.Az("t")}/_delta_log/_last_checkpoint: the storage account 'devstoreaccount1' refused the request (403 ", error.Message, StringComparison.Ordinal);
        Assert.EndsWith($"the credentials are wrong or do not grant access to container '{container.Name}'.", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetSnapshotAsync_StoreKeepsAnswering503_RetriesWithBackOffThenFailsNamingTheObject()
    {
        // Azurite cannot be made to throttle; any HTTP server that answers 503 to everything stands in for a busy account.
        using var server = new S3Fake { Always = (503, "ServerBusy") };
        var options = new DeltaTableOptions
        {
            Storage = new StorageOptions
            {
                AzureConnectionString = $"DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey={Convert.ToBase64String(new byte[64])};BlobEndpoint={server.Uri}devstoreaccount1;",
                MaxRetries = 3,
                RetryDelay = TimeSpan.FromMilliseconds(10),
                MaxRetryDelay = TimeSpan.FromMilliseconds(100),
            },
        };

        StorageException error = await Assert.ThrowsAsync<StorageException>(() => DeltaTable.OpenAsync("az://lake/t", options));

        Assert.Equal(503, error.Status);
        Assert.Equal(4, server.TotalRequests);
        Assert.StartsWith("az://lake/t/_delta_log/_last_checkpoint: the storage service stayed unavailable or kept throttling (503 ", error.Message, StringComparison.Ordinal);
        Assert.EndsWith("through the storage client's retries with back-off; retry later or raise StorageOptions.MaxRetries.", error.Message, StringComparison.Ordinal);
    }

    [AzuriteFact]
    public async Task GetSnapshotAsync_TruncatedCommitInAzurite_FailsNamingTheObjectAndVersion()
    {
        await using AzuriteContainer container = await Azurite.CreateContainerAsync();
        var options = new DeltaTableOptions { Storage = Azurite.Storage };
        DeltaTable table = await DeltaTable.CreateAsync(container.Az("t"), TestWriter.Schema, options: options);
        await table.AppendAsync(TestData.Batch(("writer", TestData.Ints(1)), ("batch", TestData.Ints(1)), ("row", TestData.Longs(1)), ("part", TestData.Strings("a"))));
        Azure.Storage.Blobs.BlobClient commit = container.Client.GetBlobClient("t/_delta_log/00000000000000000001.json");
        byte[] content = (await commit.DownloadContentAsync()).Value.Content.ToArray();
        await commit.UploadAsync(new BinaryData(content.AsMemory(0, content.Length / 2)), overwrite: true);

        DeltaProtocolException error = await Assert.ThrowsAsync<DeltaProtocolException>(() => table.GetSnapshotAsync());

        Assert.Equal(container.Az("t/_delta_log/00000000000000000001.json"), error.FilePath);
        Assert.Equal(1, error.Version);
        Assert.EndsWith("the file is corrupt or truncated.", error.Message, StringComparison.Ordinal);
    }

    private static List<string> Rows(List<object?[]> rows) =>
        [.. rows.Select(r => string.Join('|', r.Select(v => Convert.ToString(v, System.Globalization.CultureInfo.InvariantCulture)))).Order(StringComparer.Ordinal)];

    private string Location(string form, string name) =>
        form == "az" ? golden.Container!.Az("golden/" + name) : golden.Container!.Abfss("golden/" + name);
}
