using Apache.Arrow;
using BenchmarkDotNet.Attributes;
using PredictiveMaintenance.DeltaLake;
using PredictiveMaintenance.Storage;

namespace PredictiveMaintenance.Benchmarks;

/// <summary>
/// The Delta operations of <see cref="DeltaBenchmarks"/> on a table in Azure Blob Storage (Azurite on loopback, see
/// <see cref="AzuriteLake"/>) against the same table on local disk, in the same run: one append of the 876,100-row
/// telemetry as one commit, a snapshot read of it into Arrow batches, and log replay of a 1,000-commit table with a
/// checkpoint every 10 commits. Local disk is each category's baseline.
/// </summary>
/// <remarks>
/// One core for the benchmark process (<see cref="SingleCoreConfig"/>); Azurite is a separate Node.js process on the same
/// machine, so its time counts as the store's latency. <c>--storage-requests</c> counts the requests of the same operations.
/// </remarks>
public class DeltaAzuriteBenchmarks : DeltaBenchmarkBase
{
    private string _root = null!;
    private AzuriteLake _lake = null!;
    private DeltaTableOptions _azure = null!;
    private TelemetryTable _telemetry = null!;
    private string _localRead = null!;
    private string _azureRead = null!;
    private string _localReplay = null!;
    private string _azureReplay = null!;
    private int _iteration;

    [GlobalSetup(Targets = [nameof(AppendLocal), nameof(AppendAzurite)])]
    public async Task SetupAppendAsync()
    {
        _root = Path.Combine(Path.GetTempPath(), "pdm-delta-bench", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_root);
        _lake = await AzuriteLake.CreateAsync();
        _azure = new DeltaTableOptions { Storage = new StorageOptions { AzureConnectionString = _lake.ConnectionString } };
        _telemetry = AzureTelemetryGenerator.Table(Machines);
    }

    [GlobalSetup(Targets = [nameof(ReadSnapshotLocal), nameof(ReadSnapshotAzurite)])]
    public async Task SetupReadAsync()
    {
        await SetupAppendAsync();
        _localRead = Path.Combine(_root, "read");
        _azureRead = _lake.Location("read");
        foreach ((string location, DeltaTableOptions? options) in new[] { (_localRead, (DeltaTableOptions?)null), (_azureRead, _azure) })
        {
            DeltaTable table = await DeltaTable.CreateAsync(location, _telemetry.Schema, options: options);
            await table.AppendAsync(_telemetry);
        }

        // What is timed must give the generated table back from both stores, or the figures would be of a broken read.
        DeltaSnapshot snapshot = await (await DeltaTable.OpenAsync(_azureRead, _azure)).GetSnapshotAsync();
        BenchmarkTables.CheckEqual(_telemetry, (await snapshot.ReadTelemetryAsync()).Table, "ReadTelemetryAsync from Azurite");
    }

    [GlobalSetup(Targets = [nameof(ReplayLocal), nameof(ReplayAzurite)])]
    public async Task SetupReplayAsync()
    {
        _root = Path.Combine(Path.GetTempPath(), "pdm-delta-bench", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_root);
        _lake = await AzuriteLake.CreateAsync();
        _azure = new DeltaTableOptions { Storage = new StorageOptions { AzureConnectionString = _lake.ConnectionString }, CheckpointInterval = 10 };
        _localReplay = await DeltaBenchmarks.CreateLongLogAsync(Path.Combine(_root, "replay"), ReplayCommits, new DeltaTableOptions { CheckpointInterval = 10 });
        _azureReplay = await DeltaBenchmarks.CreateLongLogAsync(_lake.Location("replay"), ReplayCommits, _azure);
    }

    [GlobalCleanup]
    public async Task CleanupAsync()
    {
        Directory.Delete(_root, recursive: true);
        await _lake.Container.DeleteIfExistsAsync();
    }

    [Benchmark(Baseline = true, Description = "Delta create + append, 876,100 rows, local disk")]
    [BenchmarkCategory("Append")]
    public async Task<long?> AppendLocal() => await AppendAsync(Path.Combine(_root, $"append-{_iteration++}"), null);

    [Benchmark(Description = "Delta create + append, 876,100 rows, Azurite")]
    [BenchmarkCategory("Append")]
    public async Task<long?> AppendAzurite() => await AppendAsync(_lake.Location($"append-{_iteration++}"), _azure);

    [Benchmark(Baseline = true, Description = "Delta snapshot read, Arrow batches, local disk")]
    [BenchmarkCategory("Read")]
    public Task<long> ReadSnapshotLocal() => ReadAsync(_localRead, null);

    [Benchmark(Description = "Delta snapshot read, Arrow batches, Azurite")]
    [BenchmarkCategory("Read")]
    public Task<long> ReadSnapshotAzurite() => ReadAsync(_azureRead, _azure);

    [Benchmark(Baseline = true, Description = "Log replay, 1,000 commits, checkpoint every 10, local disk")]
    [BenchmarkCategory("Replay")]
    public async Task<int> ReplayLocal() => (await (await DeltaTable.OpenAsync(_localReplay)).GetSnapshotAsync()).Files.Count;

    [Benchmark(Description = "Log replay, 1,000 commits, checkpoint every 10, Azurite")]
    [BenchmarkCategory("Replay")]
    public async Task<int> ReplayAzurite() => (await (await DeltaTable.OpenAsync(_azureReplay, _azure)).GetSnapshotAsync()).Files.Count;

    [IterationCleanup(Targets = [nameof(AppendLocal), nameof(AppendAzurite)])]
    public void RemoveAppendedTables()
    {
        foreach (string path in Directory.EnumerateDirectories(_root, "append-*"))
        {
            Directory.Delete(path, recursive: true);
        }

        _lake.DeleteAsync("append-").GetAwaiter().GetResult();
    }

    private async Task<long?> AppendAsync(string location, DeltaTableOptions? options)
    {
        DeltaTable table = await DeltaTable.CreateAsync(location, _telemetry.Schema, options: options);
        return (await table.AppendAsync(_telemetry)).Version;
    }

    private static async Task<long> ReadAsync(string location, DeltaTableOptions? options)
    {
        DeltaSnapshot snapshot = await (await DeltaTable.OpenAsync(location, options)).GetSnapshotAsync();
        long rows = 0;
        await foreach (RecordBatch batch in snapshot.ReadBatchesAsync())
        {
            rows += batch.Length;
        }

        return rows;
    }
}
