using System.Text.Json.Nodes;
using PredictiveMaintenance.DeltaLake.Tests;
using PredictiveMaintenance.Storage;
using PredictiveMaintenance.Tracking;

namespace PredictiveMaintenance.Pipeline.Tests;

/// <summary>The whole batch run with its Delta tables, staging area, state and tracking store in Azurite (the Azure Storage emulator), against the same run on local disk.</summary>
public sealed class BatchPipelineAzuriteTests
{
    private static readonly string[] Machines = ["1", "2", "3", "4", "5", "7"];

    [AzuriteFact]
    public async Task RunOnceAsync_TablesStagingStateAndTrackingInAzurite_EqualALocalRunAndARerunAddsNothing()
    {
        await using AzuriteContainer container = await Azurite.CreateContainerAsync();
        static void Train(JsonObject config) => config["training"]!["afterIngest"] = true;
        using PipelineFolder local = await PipelineFolder.CreateAsync(Machines, days: 47, Train);
        using PipelineFolder cloud = await PipelineFolder.CreateAsync(Machines, days: 47, config =>
        {
            Train(config);
            config["tables"] = container.Az("pdm");
            config["staging"] = container.Az("pdm/staging");
            config["state"] = container.Az("pdm/state");
            config["tracking"] = container.Az("pdm/tracking");
            config["storage"] = new JsonObject { ["azureConnectionString"] = Azurite.ConnectionString };
        });
        await container.UploadDirectoryAsync(cloud.Staging, "pdm/staging");
        Directory.Delete(cloud.Staging, recursive: true);

        BatchRunSummary expected = await local.Open().RunOnceAsync();
        BatchPipeline pipeline = cloud.Open();
        BatchRunSummary first = await pipeline.RunOnceAsync();
        PipelineTables afterFirst = await pipeline.GetTablesAsync();
        BatchRunSummary second = await cloud.Open().RunOnceAsync();

        Assert.Equal($"az://{container.Name}/pdm/telemetry", pipeline.TelemetryTablePath);
        Assert.Equal(47, first.Ingest.Batches.Count);
        Assert.Equal(
            (await IngestLedger.LoadAsync(local.Open().StateFolder)).Entries.Select(e => (e.Sequence, e.File, e.Sha256, e.RowsRead)),
            (await IngestLedger.LoadAsync(pipeline.StateFolder, Azurite.Storage)).Entries.Select(e => (e.Sequence, e.File, e.Sha256, e.RowsRead)));
        Assert.False(Directory.Exists(Path.Combine(cloud.Root, "state")));
        Assert.Equal(["pdm/state/batches/0000000047.json", $"pdm/state/{IngestLedger.FileName}"], await container.NamesAsync("pdm/state/"));
        Assert.Equal(
            expected.Ingest.Batches.Select(b => (b.Sequence, b.File, b.RowsRead, b.RowsAccepted, b.RowsQuarantined, b.RowsLate, b.FeatureRows)),
            first.Ingest.Batches.Select(b => (b.Sequence, b.File, b.RowsRead, b.RowsAccepted, b.RowsQuarantined, b.RowsLate, b.FeatureRows)));
        Assert.Equal(Versions(expected.Ingest.Tables), Versions(first.Ingest.Tables));
        Assert.Equal(expected.Training!.Models.Select(m => m.Metrics), first.Training!.Models.Select(m => m.Metrics));
        Assert.Equal(expected.Scoring.Models, first.Scoring.Models);
        Assert.True(first.Scoring.RowsWritten > 0);
        Assert.False(Directory.Exists(Path.Combine(cloud.Root, "tracking")));
        var registry = new ModelRegistry(await FolderTrackingStore.OpenExistingAsync(container.Az("pdm/tracking"), Azurite.Storage));
        List<string> tracked = await container.NamesAsync("pdm/tracking/");
        Assert.Equal(await Registered(new ModelRegistry(FolderTrackingStore.Open(Path.Combine(local.Root, "tracking")))), await Registered(registry));
        Assert.DoesNotContain(tracked, n => n.EndsWith("/.lock", StringComparison.Ordinal));
        Assert.True(File.Exists(first.Dashboard));

        foreach ((string localTable, string cloudTable) in new[]
        {
            (local.Open().TelemetryTablePath, pipeline.TelemetryTablePath),
            (local.Open().FeaturesTablePath, pipeline.FeaturesTablePath),
        })
        {
            TelemetryTable want = (await TableReads.ReadTelemetryAsync(localTable)).Table;
            TelemetryTable got = (await TableReads.ReadTelemetryAsync(cloudTable)).Table;
            Assert.Equal(want.RowCount, got.RowCount);
            Assert.Equal(want.Times.ToArray(), got.Times.ToArray());
            for (int c = 0; c < want.Schema.Channels.Count; c++)
            {
                Assert.Equal(want.GetChannel(c).ToArray(), got.GetChannel(c).ToArray());
            }
        }

        // The rerun finds every staged file ingested and every row scored: no table gets a commit.
        Assert.Empty(second.Ingest.Batches);
        Assert.Equal(47, second.Ingest.AlreadyIngested);
        Assert.Null(second.Training);
        Assert.All(second.Scoring.Models, m => Assert.True(m.AlreadyScored));
        Assert.Equal(Versions(afterFirst), Versions(await pipeline.GetTablesAsync()));
        Assert.Equal(afterFirst.PredictionsVersion, await TableReads.VersionAsync(pipeline.PredictionsTablePath));
        Assert.Equal(tracked, await container.NamesAsync("pdm/tracking/"));
    }

    /// <summary>Each registered model's versions with their stage and metrics.</summary>
    private static async Task<List<(string, int, ModelStage, string)>> Registered(ModelRegistry registry)
    {
        var found = new List<(string, int, ModelStage, string)>();
        foreach (string name in await registry.ListModelsAsync())
        {
            foreach (ModelVersion v in await registry.ListVersionsAsync(name))
            {
                found.Add((name, v.Version, v.Stage, string.Join(",", v.Metrics.OrderBy(m => m.Key, StringComparer.Ordinal))));
            }
        }

        return found;
    }

    [AzuriteFact]
    public async Task IngestAsync_StagedFileInAzuriteUnderASecondName_IngestedOnceAndAnotherRunIsBusyMeanwhile()
    {
        await using AzuriteContainer container = await Azurite.CreateContainerAsync();
        using PipelineFolder folder = await PipelineFolder.CreateAsync(Machines, days: 2, config =>
        {
            config["staging"] = container.Az("in");
            config["state"] = container.Az("state");
            config["storage"] = new JsonObject { ["azureConnectionString"] = Azurite.ConnectionString, ["leaseDuration"] = "00:00:03" };
        });
        await container.UploadDirectoryAsync(folder.Staging, "in");
        string first = Directory.GetFiles(folder.Staging).Order(StringComparer.Ordinal).First();
        await container.Client.GetBlobClient("in/uploaded-again/" + Path.GetFileName(first)).UploadAsync(first);
        await container.Client.GetBlobClient("in/_tmp/partial.csv").UploadAsync(BinaryData.FromString("machineID,datetime\n"));
        BatchPipeline pipeline = folder.Open();

        IngestSummary ingest;
        await using (ObjectLease held = await StorageLocation.Open(pipeline.StateFolder, Azurite.Storage).AcquireLeaseAsync(".lock", CancellationToken.None))
        {
            PipelineBusyException busy = await Assert.ThrowsAsync<PipelineBusyException>(() => folder.Open().IngestAsync());
            Assert.StartsWith($"Another batch of this pipeline is running (az://{container.Name}/state/.lock: '{Environment.MachineName}:{Environment.ProcessId}:", busy.Message, StringComparison.Ordinal);

            // Held past several lease durations: the renewals keep it.
            await Task.Delay(TimeSpan.FromSeconds(7));
            await Assert.ThrowsAsync<PipelineBusyException>(() => folder.Open().IngestAsync());
            held.ThrowIfLost();
        }

        ingest = await pipeline.IngestAsync();
        IngestSummary again = await folder.Open().IngestAsync();

        Assert.Equal([Path.GetFileName(first), Path.GetFileName(Directory.GetFiles(folder.Staging).Order(StringComparer.Ordinal).Last())], ingest.Batches.Select(b => b.File));
        Assert.Equal(1, ingest.AlreadyIngested);
        Assert.Empty(again.Batches);
        Assert.Equal(3, again.AlreadyIngested);
        Assert.Equal(ingest.Tables, again.Tables);
        Assert.DoesNotContain("state/.lock", await container.NamesAsync("state/"));
    }

    [AzuriteFact]
    public async Task IngestAsync_TablesInAMissingContainer_NamesTheLocation()
    {
        using PipelineFolder folder = await PipelineFolder.CreateAsync(Machines, days: 1, config =>
        {
            config["tables"] = "az://no-such-container-pdm/pdm";
            config["storage"] = new JsonObject { ["azureConnectionString"] = Azurite.ConnectionString, ["maxRetries"] = 1 };
        });

        var error = await Assert.ThrowsAsync<StorageException>(() => folder.Open().IngestAsync());

        Assert.Contains("az://no-such-container-pdm/pdm/", error.Message, StringComparison.Ordinal);
    }

    private static TableVersions Versions(PipelineTables tables) =>
        new(tables.TelemetryVersion, tables.QuarantineVersion, tables.FeaturesVersion, tables.DataQualityVersion, tables.PredictionsVersion);

    private sealed record TableVersions(long? Telemetry, long? Quarantine, long? Features, long? DataQuality, long? Predictions);
}
