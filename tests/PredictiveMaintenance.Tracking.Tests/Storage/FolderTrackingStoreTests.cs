using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;
using PredictiveMaintenance.DeltaLake.Tests;

namespace PredictiveMaintenance.Tracking.Tests.Storage;

public class FolderTrackingStoreTests
{
    [Fact]
    public async Task Store_FourProcessesWritingAtOnce_LoseNothingAndNumberEveryVersionOnce()
    {
        using var temp = new TempStore();
        await FourWritersAsync(temp.Folder, temp.Store, new Dictionary<string, string>());

        Assert.Single(Directory.GetDirectories(Path.Combine(temp.Folder, "experiments")));
        foreach (string json in Directory.EnumerateFiles(temp.Folder, "*.json", SearchOption.AllDirectories))
        {
            using JsonDocument parsed = JsonDocument.Parse(await File.ReadAllTextAsync(json));
        }

        Assert.Empty(Directory.EnumerateFiles(temp.Folder, "*.tmp", SearchOption.AllDirectories));
    }

    [AzuriteFact]
    public async Task Store_FourProcessesWritingAtOnceInAzurite_LoseNothingAndLeaveNoLease()
    {
        await using AzuriteContainer container = await Azurite.CreateContainerAsync();
        string location = container.Az("tracking");
        FolderTrackingStore store = await FolderTrackingStore.OpenAsync(location, Azurite.Storage);

        await FourWritersAsync(location, store, new Dictionary<string, string> { ["AZURE_STORAGE_CONNECTION_STRING"] = Azurite.ConnectionString });

        List<string> names = await container.NamesAsync("tracking/");
        Assert.DoesNotContain(names, n => n.EndsWith("/.lock", StringComparison.Ordinal));
        Assert.Single(names, n => n.StartsWith("tracking/experiments/", StringComparison.Ordinal) && n.EndsWith("/experiment.json", StringComparison.Ordinal));
        Assert.Equal(20, names.Count(n => n.EndsWith("/version.json", StringComparison.Ordinal)));
    }

    /// <summary>
    /// Four writer processes of five rounds each: a run with 20 metric steps, a registered version of one shared model and
    /// a promotion when it beats Production; then nothing is lost or duplicated.
    /// </summary>
    private static async Task FourWritersAsync(string location, FolderTrackingStore store, Dictionary<string, string> environment)
    {
        const int Writers = 4, Rounds = 5;
        string artifact = Path.Combine(Path.GetTempPath(), $"{Guid.NewGuid():N}.pdm");
        await new ModelArtifact("isolation-forest", 1, new JsonObject()).SaveAsync(artifact);
        try
        {
            string helper = Path.Combine(AppContext.BaseDirectory, "PredictiveMaintenance.Tracking.TestWriter.dll");
            Process[] writers = [.. Enumerable.Range(0, Writers).Select(w =>
            {
                var start = new ProcessStartInfo("dotnet", [helper, location, $"{w}", $"{Rounds}", artifact]) { RedirectStandardError = true };
                foreach ((string name, string value) in environment)
                {
                    start.Environment[name] = value;
                }

                return Process.Start(start)!;
            })];
            foreach (Process writer in writers)
            {
                string errors = await writer.StandardError.ReadToEndAsync();
                await writer.WaitForExitAsync();
                Assert.True(writer.ExitCode == 0, $"a writer failed: {errors}");
            }

            var tracker = new ExperimentTracker(store);
            IReadOnlyList<Run> runs = await tracker.SearchRunsAsync("concurrency");
            Assert.Equal(Writers * Rounds, runs.Count);
            Assert.All(runs, r => Assert.Equal(RunStatus.Finished, r.Status));
            foreach (Run run in runs)
            {
                IReadOnlyList<MetricPoint> loss = await tracker.GetMetricHistoryAsync(run.Id, "loss");
                Assert.Equal(Enumerable.Range(0, 20).Select(s => (long)s), loss.Select(p => p.Step));
            }

            var registry = new ModelRegistry(store);
            IReadOnlyList<ModelVersion> versions = await registry.ListVersionsAsync("shared-model");
            Assert.Equal(Enumerable.Range(1, Writers * Rounds), versions.Select(v => v.Version));
            Assert.Equal(runs.Select(r => r.Id).Order(), versions.Select(v => v.RunId!).Order());
            ModelVersion production = Assert.Single(versions, v => v.Stage == ModelStage.Production);
            Assert.Equal(versions.Max(v => v.Metrics["score"]), production.Metrics["score"]);

            // The transitions replay to the final stages: no promotion was lost or applied twice.
            var stages = versions.ToDictionary(v => v.Version, _ => ModelStage.None);
            foreach (StageTransition t in await registry.GetTransitionsAsync("shared-model"))
            {
                Assert.Equal(stages[t.Version], t.From);
                stages[t.Version] = t.To;
            }

            Assert.Equal(versions.ToDictionary(v => v.Version, v => v.Stage), stages);
            Assert.Equal(await File.ReadAllBytesAsync(artifact), await store.ReadArtifactAsync(production));
        }
        finally
        {
            File.Delete(artifact);
        }
    }

    [Fact]
    public void Open_FolderOfSomethingElse_IsRefused()
    {
        string folder = Directory.CreateTempSubdirectory("pdm-not-a-store-").FullName;
        try
        {
            File.WriteAllText(Path.Combine(folder, "notes.txt"), "mine");
            var error = Assert.Throws<InvalidOperationException>(() => FolderTrackingStore.Open(folder));
            Assert.Equal($"{folder} is not empty and is not a tracking store (it has no tracking-store.json).", error.Message);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public async Task OpenExistingAsync_EmptyFolder_IsRefusedAndLeftEmpty()
    {
        string folder = Directory.CreateTempSubdirectory("pdm-no-store-").FullName;
        try
        {
            var error = await Assert.ThrowsAsync<InvalidOperationException>(() => FolderTrackingStore.OpenExistingAsync(folder));

            Assert.Equal($"{folder} holds no tracking store: there is no {Path.Combine(folder, "tracking-store.json")}.", error.Message);
            Assert.Empty(Directory.EnumerateFileSystemEntries(folder));
            FolderTrackingStore.Open(folder);
            Assert.Equal(folder, (await FolderTrackingStore.OpenExistingAsync(folder)).Root);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [AzuriteFact]
    public async Task OpenExistingAsync_PrefixWithoutStoreInAzurite_IsRefusedAndCreatesNothing()
    {
        await using AzuriteContainer container = await Azurite.CreateContainerAsync();

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => FolderTrackingStore.OpenExistingAsync(container.Az("mistyped"), Azurite.Storage));

        Assert.Equal($"{container.Az("mistyped")} holds no tracking store: there is no {container.Az("mistyped")}/tracking-store.json.", error.Message);
        Assert.Empty(await container.NamesAsync(""));
    }
}
