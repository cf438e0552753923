using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace PredictiveMaintenance.Tracking.Tests.Storage;

public class FolderTrackingStoreTests
{
    [Fact]
    public async Task Store_FourProcessesWritingAtOnce_LoseNothingAndNumberEveryVersionOnce()
    {
        const int Writers = 4, Rounds = 5;
        using var temp = new TempStore();
        string artifact = Path.Combine(temp.Folder, "..", $"{Guid.NewGuid():N}.pdm");
        await new ModelArtifact("isolation-forest", 1, new JsonObject()).SaveAsync(artifact);
        try
        {
            string helper = Path.Combine(AppContext.BaseDirectory, "PredictiveMaintenance.Tracking.TestWriter.dll");
            Process[] writers = [.. Enumerable.Range(0, Writers).Select(w => Process.Start(new ProcessStartInfo("dotnet", [helper, temp.Folder, $"{w}", $"{Rounds}", artifact]) { RedirectStandardError = true })!)];
            foreach (Process writer in writers)
            {
                string errors = await writer.StandardError.ReadToEndAsync();
                await writer.WaitForExitAsync();
                Assert.True(writer.ExitCode == 0, $"a writer failed: {errors}");
            }

            var tracker = new ExperimentTracker(temp.Store);
            Assert.Single(Directory.GetDirectories(Path.Combine(temp.Folder, "experiments")));
            IReadOnlyList<Run> runs = await tracker.SearchRunsAsync("concurrency");
            Assert.Equal(Writers * Rounds, runs.Count);
            Assert.All(runs, r => Assert.Equal(RunStatus.Finished, r.Status));
            foreach (Run run in runs)
            {
                IReadOnlyList<MetricPoint> loss = await tracker.GetMetricHistoryAsync(run.Id, "loss");
                Assert.Equal(Enumerable.Range(0, 20).Select(s => (long)s), loss.Select(p => p.Step));
            }

            var registry = new ModelRegistry(temp.Store);
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
            foreach (string json in Directory.EnumerateFiles(temp.Folder, "*.json", SearchOption.AllDirectories))
            {
                using JsonDocument parsed = JsonDocument.Parse(await File.ReadAllTextAsync(json));
            }

            Assert.Empty(Directory.EnumerateFiles(temp.Folder, "*.tmp", SearchOption.AllDirectories));
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
}
