using System.Globalization;
using Apache.Arrow;
using PredictiveMaintenance.DeltaLake;

namespace PredictiveMaintenance.Benchmarks;

/// <summary>
/// <c>--storage-requests</c>: the requests to Azure Blob Storage (Azurite) of the operations <see cref="DeltaAzuriteBenchmarks"/>
/// times, counted by kind with <see cref="AzureRequestLog"/>, each by a fresh reader as a new job would open the table.
/// Counts do not depend on the machine's load, so they are exact where the timings are medians.
/// </summary>
internal static class StorageRequestCount
{
    private static readonly string[] Kinds = ["list", "get", "head", "put", "delete"];

    public static async Task<int> RunAsync(TextWriter output)
    {
        AzuriteLake lake = await AzuriteLake.CreateAsync();
        try
        {
            var log = new AzureRequestLog();
            var counted = new DeltaTableOptions { Storage = log.Storage(lake.ConnectionString), CheckpointInterval = 10 };
            await output.WriteLineAsync("| Operation (Azurite) | list | get | head | put | delete | total | listing answers, bytes |");
            await output.WriteLineAsync("|---|---:|---:|---:|---:|---:|---:|---:|");

            TelemetryTable telemetry = AzureTelemetryGenerator.Table();
            await CountAsync(output, log, $"create + append of {telemetry.RowCount:N0} rows, one commit", async () =>
            {
                DeltaTable table = await DeltaTable.CreateAsync(lake.Location("telemetry"), telemetry.Schema, options: counted);
                await table.AppendAsync(telemetry);
            });
            await CountAsync(output, log, $"open + snapshot read of the {telemetry.RowCount:N0} rows into Arrow batches", async () =>
            {
                long rows = 0;
                await foreach (RecordBatch batch in (await (await DeltaTable.OpenAsync(lake.Location("telemetry"), counted)).GetSnapshotAsync()).ReadBatchesAsync())
                {
                    rows += batch.Length;
                }

                Check(rows == telemetry.RowCount, $"the snapshot read gave {rows} rows, not {telemetry.RowCount}");
            });

            const int Commits = 1000;
            string withCheckpoints = await DeltaBenchmarks.CreateLongLogAsync(lake.Location("replay-10"), Commits, counted);
            string withoutCheckpoints = await DeltaBenchmarks.CreateLongLogAsync(lake.Location("replay-none"), Commits, new DeltaTableOptions { Storage = counted.Storage, CheckpointInterval = int.MaxValue });
            int files = 0;
            await CountAsync(output, log, $"open + latest snapshot, {Commits:N0} commits, checkpoint every 10 (listed from `_last_checkpoint`)", async () => files = await ReplayAsync(withCheckpoints, counted));
            await lake.Container.DeleteBlobAsync("replay-10/_delta_log/_last_checkpoint");
            await CountAsync(output, log, $"the same with `_last_checkpoint` deleted (whole log listed)", async () => Check(await ReplayAsync(withCheckpoints, counted) == files, "the replay without the hint found other files"));
            await CountAsync(output, log, $"open + latest snapshot, {Commits:N0} commits, no checkpoint", async () => Check(await ReplayAsync(withoutCheckpoints, counted) == files, "the replay without checkpoints found other files"));
            return 0;
        }
        finally
        {
            await lake.Container.DeleteIfExistsAsync();
        }
    }

    private static async Task CountAsync(TextWriter output, AzureRequestLog log, string operation, Func<Task> run)
    {
        log.Clear();
        await run();
        IReadOnlyDictionary<string, int> counts = log.CountByKind();
        string cells = string.Join(" | ", Kinds.Select(k => counts.GetValueOrDefault(k).ToString("N0", CultureInfo.InvariantCulture)));
        await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"| {operation} | {cells} | {log.Requests.Count:N0} | {log.ListedBytes:N0} |"));
    }

    private static async Task<int> ReplayAsync(string location, DeltaTableOptions options) =>
        (await (await DeltaTable.OpenAsync(location, options)).GetSnapshotAsync()).Files.Count;

    private static void Check(bool condition, string problem)
    {
        if (!condition)
        {
            throw new InvalidOperationException($"--storage-requests: {problem}.");
        }
    }
}
