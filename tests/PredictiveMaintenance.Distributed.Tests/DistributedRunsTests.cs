using PredictiveMaintenance.DeltaLake.Tests;
using PredictiveMaintenance.IO.Tests;
using PredictiveMaintenance.Pipeline;
using PredictiveMaintenance.Pipeline.Tests;

namespace PredictiveMaintenance.Distributed.Tests;

public sealed class DistributedRunsTests
{
    private static readonly string[] Machines = ["1", "2", "3", "4", "5", "6", "7", "8"];

    private static readonly TimeSpan RunTimeout = TimeSpan.FromMinutes(5);

    [AzuriteFact]
    public async Task Run_ThreeWorkerProcesses_TablesEqualASingleProcessRunRowForRow()
    {
        using PipelineFolder single = await PipelineFolder.CreateAsync(Machines, days: 6);
        using PipelineFolder distributed = await PipelineFolder.CreateAsync(Machines, days: 6);
        await using WorkerProcesses workers = await WorkerProcesses.StartAsync(3);
        using var runs = new DistributedRuns(workers.Options);

        IngestSummary expected = await single.Open().IngestAsync();
        string id = await runs.StartAsync(distributed.ConfigPath);
        DistributedRunStatus status = await runs.WaitAsync(id, RunTimeout) ?? throw new TimeoutException(id);

        Assert.True(status.Status == "Completed", $"{status.Status}: {status.Failure}");
        Assert.Equal((6, "1-6"), (status.Result!.Files, status.Result.Run));
        Assert.Equal(
            (expected.RowsRead, expected.RowsAccepted, expected.RowsQuarantined, expected.RowsLate, expected.FeatureRows),
            (status.Result.RowsRead, status.Result.RowsAccepted, status.Result.RowsQuarantined, status.Result.RowsLate, status.Result.FeatureRows));
        await AssertSameTablesAsync(single.Open(), distributed.Open());
        Assert.Contains(await runs.ListAsync(), r => r.InstanceId == id && r.Status == "Completed" && r.Result!.RowsRead == status.Result.RowsRead);
    }

    [AzuriteFact]
    public async Task Run_WorkerKilledMidRun_CompletesWithNoRowLostOrDuplicated()
    {
        using PipelineFolder single = await PipelineFolder.CreateAsync(Machines, days: 12);
        using PipelineFolder distributed = await PipelineFolder.CreateAsync(Machines, days: 12);
        await using WorkerProcesses workers = await WorkerProcesses.StartAsync(3);
        using var runs = new DistributedRuns(workers.Options);
        await single.Open().IngestAsync();

        string id = await runs.StartAsync(distributed.ConfigPath);
        // Mid-run: some files are split (their results saved), not every one; then one worker dies without warning.
        string runFolder = Path.Combine(distributed.Open().StateFolder, "runs", "1-12");
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (!Directory.Exists(runFolder) || Directory.GetFiles(runFolder, "split.json", SearchOption.AllDirectories).Length == 0)
        {
            Assert.True(waited.Elapsed < RunTimeout, "No file was split within the timeout.");
            await Task.Delay(20);
        }

        workers.Workers[0].Kill();
        DistributedRunStatus status = await runs.WaitAsync(id, RunTimeout) ?? throw new TimeoutException(id);

        Assert.True(workers.Workers[0].HasExited);
        Assert.True(status.Status == "Completed", $"{status.Status}: {status.Failure}");
        await AssertSameTablesAsync(single.Open(), distributed.Open());
    }

    [AzuriteFact]
    public async Task Run_StartedTwiceForTheSameBatch_WritesNothingTheSecondTime()
    {
        using PipelineFolder folder = await PipelineFolder.CreateAsync(Machines, days: 45, config => config["training"]!["afterIngest"] = true);
        await using WorkerProcesses workers = await WorkerProcesses.StartAsync(3);
        using var runs = new DistributedRuns(workers.Options);

        // Twice at once (the same batch: one run), then again once it completed (nothing new to ingest or train).
        string first = await runs.StartAsync(folder.ConfigPath);
        string again = await runs.StartAsync(folder.ConfigPath);
        DistributedRunStatus done = await runs.WaitAsync(first, RunTimeout) ?? throw new TimeoutException(first);
        PipelineTables tables = await folder.Open().GetTablesAsync();
        string later = await runs.StartAsync(folder.ConfigPath);
        DistributedRunStatus rerun = await runs.WaitAsync(later, RunTimeout) ?? throw new TimeoutException(later);

        Assert.Equal(first, again);
        Assert.True(done.Status == "Completed", $"{done.Status}: {done.Failure}");
        Assert.Equal(["anomaly-isolation-forest/1", "time-until-service/1"], done.Result!.ModelsTrained);
        Assert.True(done.Result.PredictionsWritten > 0);
        Assert.NotEqual(first, later);
        Assert.Equal(("Completed", 0, 0L, 0L), (rerun.Status, rerun.Result!.Files, rerun.Result.RowsRead, rerun.Result.PredictionsWritten));
        Assert.Empty(rerun.Result.ModelsTrained);
        Assert.Equal(tables, await folder.Open().GetTablesAsync());
        Assert.Equal(45, (await IngestLedger.LoadAsync(folder.Open().StateFolder)).Entries.Count);
    }

    private static async Task AssertSameTablesAsync(BatchPipeline single, BatchPipeline distributed)
    {
        TelemetryTable expected = (await TableReads.ReadTelemetryAsync(single.TelemetryTablePath)).Table;
        Assert.True(expected.RowCount > 0);
        TableAssert.Equal(expected, (await TableReads.ReadTelemetryAsync(distributed.TelemetryTablePath)).Table);
        TableAssert.Equal((await TableReads.ReadTelemetryAsync(single.FeaturesTablePath)).Table, (await TableReads.ReadTelemetryAsync(distributed.FeaturesTablePath)).Table);
        Assert.Equal(
            (await TableReads.ReadQuarantineAsync(single.QuarantineTablePath)).OrderBy(r => (r.Batch, r.Line, r.Detail)),
            (await TableReads.ReadQuarantineAsync(distributed.QuarantineTablePath)).OrderBy(r => (r.Batch, r.Line, r.Detail)));
        Assert.Equal(await TableReads.ReadDataQualityAsync(single.DataQualityTablePath), await TableReads.ReadDataQualityAsync(distributed.DataQualityTablePath));
        Assert.Equal(
            (await IngestLedger.LoadAsync(single.StateFolder)).Entries.Select(b => (b.Sequence, b.File, b.RowsRead, b.RowsAccepted, b.RowsQuarantined, b.RowsLate, b.FeatureRows)),
            (await IngestLedger.LoadAsync(distributed.StateFolder)).Entries.Select(b => (b.Sequence, b.File, b.RowsRead, b.RowsAccepted, b.RowsQuarantined, b.RowsLate, b.FeatureRows)));
    }
}
