// One of several processes writing to one tracking store at once (a folder, or an object-store location reached with
// the environment's credentials):
//   PredictiveMaintenance.Tracking.TestWriter <store> <writer> <rounds> <artifact>
// Each round starts a run in the shared experiment, logs a metric at 20 steps, registers a version of the shared model
// and promotes it if its metric beats Production's; the test checks that nothing was lost or duplicated.
using System.Globalization;
using PredictiveMaintenance.Tracking;

string store = args[0];
int writer = int.Parse(args[1], CultureInfo.InvariantCulture);
int rounds = int.Parse(args[2], CultureInfo.InvariantCulture);
string artifact = args[3];
var tracker = new ExperimentTracker(await FolderTrackingStore.OpenAsync(store));
var registry = new ModelRegistry(await FolderTrackingStore.OpenAsync(store));
for (int round = 0; round < rounds; round++)
{
    await using TrackedRun run = await tracker.StartRunAsync("concurrency", $"writer{writer}-round{round}", new Dictionary<string, string> { ["writer"] = $"{writer}" });
    await run.LogParameterAsync("round", $"{round}");
    for (int step = 0; step < 20; step++)
    {
        await run.LogMetricAsync("loss", (writer * 1000) + (round * 20) + step, step);
    }

    double score = ((writer * 7919) + (round * 104729)) % 1000;
    ModelVersion version = await registry.RegisterAsync("shared-model", artifact, new NewModelVersion { RunId = run.Id, Metrics = new Dictionary<string, double> { ["score"] = score } });
    await registry.PromoteAsync("shared-model", version.Version, new PromotionRule("score", HigherIsBetter: true), $"writer{writer}", "concurrency test");
    await run.EndAsync();
}
