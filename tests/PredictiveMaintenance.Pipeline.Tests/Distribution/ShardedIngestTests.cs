using PredictiveMaintenance.IO.Tests;

namespace PredictiveMaintenance.Pipeline.Tests.Distribution;

public sealed class ShardedIngestTests
{
    private static readonly string[] SixMachines = ["1", "2", "3", "4", "5", "6"];

    /// <summary>A file of the third day with a late row, an out-of-range value, an unknown asset and a good row.</summary>
    private const string FaultyFile =
        "machineID,datetime,volt,rotate,pressure,vibration\n" +
        "1,2015-01-02 05:00:00,170.1,450.2,100.3,40.4\n" +
        "2,2015-01-04 01:00:00,170.1,450.2,1000.3,40.4\n" +
        "999,2015-01-04 01:00:00,170.1,450.2,100.3,40.4\n" +
        "5,2015-01-04 01:00:00,170.1,450.2,100.3,40.4\n";

    [Fact]
    public async Task IngestShardedAsync_TwoRunsOverThreeShards_TablesEqualASingleProcessRunRowForRow()
    {
        using PipelineFolder single = await TwoRunFolderAsync();
        using PipelineFolder sharded = await TwoRunFolderAsync();

        await single.Open().IngestAsync();
        IngestSummary firstSharded = await sharded.Open().IngestShardedAsync(3);
        await StageSecondRunAsync(single);
        await StageSecondRunAsync(sharded);
        await single.Open().IngestAsync();
        IngestSummary secondSharded = await sharded.Open().IngestShardedAsync(3);

        Assert.Equal([1L, 2, 3], firstSharded.Batches.Select(b => b.Sequence));
        Assert.Equal([4L, 5, 6], secondSharded.Batches.Select(b => b.Sequence));
        await AssertSameTablesAsync(single.Open(), sharded.Open());
    }

    [Fact]
    public async Task IngestShardedAsync_EveryStepRunTwice_WritesNothingTheSecondTime()
    {
        using PipelineFolder single = await PipelineFolder.CreateAsync(SixMachines, days: 3);
        using PipelineFolder sharded = await PipelineFolder.CreateAsync(SixMachines, days: 3);
        await single.Open().IngestAsync();
        BatchPipeline pipeline = sharded.Open();

        // As an engine that delivers at least once may: each step's saved result is lost and the step runs again.
        ShardedIngestPlan plan = await pipeline.PlanShardedIngestAsync(3);
        ShardedIngestPlan replanned = await pipeline.PlanShardedIngestAsync(3);
        Assert.Equal((plan.Id, plan.PreviousSequence), (replanned.Id, replanned.PreviousSequence));
        Assert.Equal(plan.Files, replanned.Files);
        var splits = new List<FileSplit>();
        foreach (PlannedFile file in plan.Files)
        {
            FileSplit first = await pipeline.SplitFileAsync(plan, file.Sequence);
            File.Delete(Path.Combine(pipeline.StateFolder, "runs", plan.Id, file.Sequence.ToString("D10", System.Globalization.CultureInfo.InvariantCulture), "split.json"));
            FileSplit again = await pipeline.SplitFileAsync(plan, file.Sequence);
            Assert.Equal((first.Sequence, first.RowsRead, first.RowsClean), (again.Sequence, again.RowsRead, again.RowsClean));
            splits.Add(again);
        }

        var shards = new List<ShardIngest>();
        for (int shard = 0; shard < 3; shard++)
        {
            ShardIngest first = await pipeline.IngestShardAsync(plan, shard);
            long telemetryVersion = await TableReads.VersionAsync(pipeline.TelemetryTablePath);
            File.Delete(Path.Combine(pipeline.StateFolder, "runs", plan.Id, $"shard-{shard:D4}.json"));
            ShardIngest again = await pipeline.IngestShardAsync(plan, shard);
            Assert.Equal(first.Files, again.Files);
            Assert.Equal(telemetryVersion, await TableReads.VersionAsync(pipeline.TelemetryTablePath));
            shards.Add(again);
        }

        IngestSummary completed = await pipeline.CompleteShardedIngestAsync(plan, splits, shards);
        IngestSummary repeated = await pipeline.CompleteShardedIngestAsync(plan, splits, shards);
        IngestSummary rerun = await sharded.Open().IngestShardedAsync(3);

        Assert.Equal(completed.Tables, repeated.Tables);
        Assert.Equal(completed.Tables, rerun.Tables);
        Assert.Empty(rerun.Batches);
        Assert.Equal(3, (await IngestLedger.LoadAsync(pipeline.StateFolder)).Entries.Count);
        Assert.False(Directory.Exists(Path.Combine(pipeline.StateFolder, "runs", plan.Id)) && Directory.EnumerateFiles(Path.Combine(pipeline.StateFolder, "runs", plan.Id), "*", SearchOption.AllDirectories).Any());
        await AssertSameTablesAsync(single.Open(), sharded.Open());
    }

    [Fact]
    public async Task IngestShardedAsync_ModesOrShardCountsMixed_IsRefusedNamingTheState()
    {
        using PipelineFolder singleFirst = await PipelineFolder.CreateAsync(SixMachines, days: 1);
        using PipelineFolder shardedFirst = await PipelineFolder.CreateAsync(SixMachines, days: 1);
        BatchPipeline single = singleFirst.Open();
        BatchPipeline sharded = shardedFirst.Open();
        await single.IngestAsync();
        await sharded.IngestShardedAsync(3);

        var toSharded = await Assert.ThrowsAsync<PipelineConfigurationException>(() => single.IngestShardedAsync(3));
        var toSingle = await Assert.ThrowsAsync<PipelineConfigurationException>(() => sharded.IngestAsync());
        var otherCount = await Assert.ThrowsAsync<PipelineConfigurationException>(() => sharded.IngestShardedAsync(4));

        Assert.Equal($"The tables of '{single.StateFolder}' were built by single-process runs (1 batches in {Path.Combine(single.StateFolder, IngestLedger.FileName)}); sharded runs need new tables, or keep running them in one process.", toSharded.Message);
        Assert.Equal($"The tables of '{sharded.StateFolder}' are built by sharded runs over 3 shards ({Path.Combine(sharded.StateFolder, "shards.json")}); run them distributed (pdm run --distributed) or ingest into new tables.", toSingle.Message);
        Assert.Equal($"The tables of '{sharded.StateFolder}' are built with 3 shards ({Path.Combine(sharded.StateFolder, "shards.json")}), not 4; another shard count needs new tables.", otherCount.Message);
    }

    [Fact]
    public void ShardOf_AssetIds_IsStableAndSpreadsAFleet()
    {
        int[] counts = new int[4];
        foreach (int asset in Enumerable.Range(0, 10_000))
        {
            counts[ShardedIngestPlan.ShardOf($"machine{asset:D5}", 4)]++;
        }

        // FNV-1a 64 of "1" is 0xaf63ac4c86019afc; of "" the offset basis 0xcbf29ce484222325.
        Assert.Equal((int)(0xaf63ac4c86019afcUL % 7), ShardedIngestPlan.ShardOf("1", 7));
        Assert.Equal((int)(0xcbf29ce484222325UL % 7), ShardedIngestPlan.ShardOf("", 7));
        Assert.All(counts, c => Assert.InRange(c, 2_300, 2_700));
    }

    /// <summary>Six machines over five days: the first run sees days 1 to 3, the second days 4 and 5 and a faulty file.</summary>
    private static async Task<PipelineFolder> TwoRunFolderAsync()
    {
        PipelineFolder folder = await PipelineFolder.CreateAsync(SixMachines, days: 5);
        Directory.CreateDirectory(Path.Combine(folder.Root, "later"));
        foreach (string day in new[] { "telemetry-2015-01-04.csv.gz", "telemetry-2015-01-05.csv.gz" })
        {
            File.Move(Path.Combine(folder.Staging, day), Path.Combine(folder.Root, "later", day));
        }

        return folder;
    }

    private static async Task StageSecondRunAsync(PipelineFolder folder)
    {
        foreach (string file in Directory.GetFiles(Path.Combine(folder.Root, "later")))
        {
            File.Move(file, Path.Combine(folder.Staging, Path.GetFileName(file)));
        }

        await File.WriteAllTextAsync(Path.Combine(folder.Staging, "telemetry-2015-01-05-late.csv"), FaultyFile);
    }

    private static async Task AssertSameTablesAsync(BatchPipeline single, BatchPipeline sharded)
    {
        TelemetryTable expected = (await TableReads.ReadTelemetryAsync(single.TelemetryTablePath)).Table;
        TelemetryTable actual = (await TableReads.ReadTelemetryAsync(sharded.TelemetryTablePath)).Table;
        Assert.True(expected.RowCount > 0);
        TableAssert.Equal(expected, actual);
        TelemetryTable expectedFeatures = (await TableReads.ReadTelemetryAsync(single.FeaturesTablePath)).Table;
        TelemetryTable actualFeatures = (await TableReads.ReadTelemetryAsync(sharded.FeaturesTablePath)).Table;
        // Each asset's windows are the same in its shard as in the whole fleet, so the features are the same bits.
        TableAssert.Equal(expectedFeatures, actualFeatures);
        Assert.Equal(
            (await TableReads.ReadQuarantineAsync(single.QuarantineTablePath)).OrderBy(r => (r.Batch, r.Line, r.Detail)),
            (await TableReads.ReadQuarantineAsync(sharded.QuarantineTablePath)).OrderBy(r => (r.Batch, r.Line, r.Detail)));
        Assert.Equal(await TableReads.ReadDataQualityAsync(single.DataQualityTablePath), await TableReads.ReadDataQualityAsync(sharded.DataQualityTablePath));
        Assert.Equal(
            (await IngestLedger.LoadAsync(single.StateFolder)).Entries.Select(Counts),
            (await IngestLedger.LoadAsync(sharded.StateFolder)).Entries.Select(Counts));
    }

    private static (long, string, string, long, long, long, long, long) Counts(FileBatch b) =>
        (b.Sequence, b.File, b.Sha256, b.RowsRead, b.RowsAccepted, b.RowsQuarantined, b.RowsLate, b.FeatureRows);
}
