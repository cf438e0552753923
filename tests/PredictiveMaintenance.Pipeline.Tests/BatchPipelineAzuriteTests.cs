using System.Text.Json.Nodes;
using PredictiveMaintenance.DeltaLake.Tests;
using PredictiveMaintenance.Storage;

namespace PredictiveMaintenance.Pipeline.Tests;

/// <summary>The whole batch run with its Delta tables in Azurite (the Azure Storage emulator), against the same run on local disk.</summary>
public sealed class BatchPipelineAzuriteTests
{
    private static readonly string[] Machines = ["1", "2", "3", "4", "5", "7"];

    [AzuriteFact]
    public async Task RunOnceAsync_TablesInAzurite_EqualALocalRunAndARerunAddsNothing()
    {
        await using AzuriteContainer container = await Azurite.CreateContainerAsync();
        static void Train(JsonObject config) => config["training"]!["afterIngest"] = true;
        using PipelineFolder local = await PipelineFolder.CreateAsync(Machines, days: 47, Train);
        using PipelineFolder cloud = await PipelineFolder.CreateAsync(Machines, days: 47, config =>
        {
            Train(config);
            config["tables"] = container.Az("pdm");
            config["storage"] = new JsonObject { ["azureConnectionString"] = Azurite.ConnectionString };
        });

        BatchRunSummary expected = await local.Open().RunOnceAsync();
        BatchPipeline pipeline = cloud.Open();
        BatchRunSummary first = await pipeline.RunOnceAsync();
        PipelineTables afterFirst = await pipeline.GetTablesAsync();
        BatchRunSummary second = await cloud.Open().RunOnceAsync();

        Assert.Equal($"az://{container.Name}/pdm/telemetry", pipeline.TelemetryTablePath);
        Assert.Equal(47, first.Ingest.Batches.Count);
        Assert.Equal(
            expected.Ingest.Batches.Select(b => (b.Sequence, b.File, b.RowsRead, b.RowsAccepted, b.RowsQuarantined, b.RowsLate, b.FeatureRows)),
            first.Ingest.Batches.Select(b => (b.Sequence, b.File, b.RowsRead, b.RowsAccepted, b.RowsQuarantined, b.RowsLate, b.FeatureRows)));
        Assert.Equal(Versions(expected.Ingest.Tables), Versions(first.Ingest.Tables));
        Assert.Equal(expected.Training!.Models.Select(m => m.Metrics), first.Training!.Models.Select(m => m.Metrics));
        Assert.Equal(expected.Scoring.Models, first.Scoring.Models);
        Assert.True(first.Scoring.RowsWritten > 0);
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
