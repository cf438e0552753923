namespace PredictiveMaintenance.Tracking.Tests.Runs;

public class ExperimentTrackerTests
{
    [Fact]
    public async Task StartRunAsync_FullRun_RecordsEverythingWithTimes()
    {
        using var temp = new TempStore();
        var tracker = new ExperimentTracker(temp.Store, temp.Clock);
        string data = Path.Combine(temp.Folder, "..", $"{Guid.NewGuid():N}.csv");
        await File.WriteAllTextAsync(data, "datetime,machineID,volt\n");
        try
        {
            TrackedRun run = await tracker.StartRunAsync("rul", "lstm", new Dictionary<string, string> { ["team"] = "reliability" });
            await run.LogParametersAsync(new Dictionary<string, string> { ["window"] = "30", ["layers"] = "2" });
            for (int epoch = 0; epoch < 3; epoch++)
            {
                temp.Clock.Advance(TimeSpan.FromMinutes(1));
                await run.LogMetricAsync("val/loss", 10.0 / (epoch + 1), epoch);
            }

            await run.LogMetricAsync("rmse", 12.4);
            await run.SetTagAsync("team", "fleet");
            await run.SetLineageAsync(new RunLineage([DataInput.DeltaTable("/lake/telemetry", 17), await DataInput.FileAsync(data)], "volt: mean(24h)", "0.1.0", 42));
            temp.Clock.Advance(TimeSpan.FromMinutes(2));
            await run.EndAsync();

            Run stored = await temp.Store.GetRunAsync(run.Id);
            Assert.Equal(RunStatus.Finished, stored.Status);
            Assert.Equal(TimeSpan.FromMinutes(5), stored.Duration);
            Assert.Equal("lstm", stored.Name);
            Assert.Equal(new Dictionary<string, string> { ["window"] = "30", ["layers"] = "2" }, stored.Parameters);
            Assert.Equal("fleet", stored.Tags["team"]);
            Assert.Equal((DataInputKind.DeltaTable, 17L), (stored.Lineage!.Inputs[0].Kind, stored.Lineage.Inputs[0].Version));
            Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData("datetime,machineID,volt\n"u8)), stored.Lineage.Inputs[1].Sha256);
            Assert.Equal(((long?)42, "volt: mean(24h)"), (stored.Lineage.Seed, stored.Lineage.FeatureSpecification));

            IReadOnlyList<MetricPoint> history = await tracker.GetMetricHistoryAsync(run.Id, "val/loss");
            Assert.Equal([10.0, 5.0, 10.0 / 3], history.Select(p => p.Value));
            Assert.Equal([0L, 1, 2], history.Select(p => p.Step));
            Assert.Equal(temp.Clock.Start.AddMinutes(2), history[1].Timestamp);
            Assert.Equal(new Dictionary<string, double> { ["val/loss"] = 10.0 / 3, ["rmse"] = 12.4 }, await tracker.GetLatestMetricsAsync(run.Id));
        }
        finally
        {
            File.Delete(data);
        }
    }

    [Fact]
    public async Task LogMetricsAsync_SeveralMetrics_LogsEachAtTheStepInOneDocumentUpdate()
    {
        using var temp = new TempStore();
        TrackedRun run = await new ExperimentTracker(temp.Store, temp.Clock).StartRunAsync("e");
        await run.LogMetricAsync("loss", 2.0, 0);
        temp.Clock.Advance(TimeSpan.FromMinutes(1));

        await run.LogMetricsAsync(new Dictionary<string, double> { ["loss"] = 1.0, ["rmse"] = 14.9 }, step: 1);

        IReadOnlyList<MetricPoint> points = await temp.Store.GetMetricsAsync(run.Id);
        Assert.Equal([("loss", 2.0, 0L), ("loss", 1.0, 1L), ("rmse", 14.9, 1L)], points.Select(p => (p.Key, p.Value, p.Step)));
        Assert.Equal(temp.Clock.Start.AddMinutes(1), points[2].Timestamp);
        await Assert.ThrowsAsync<ArgumentException>(() => run.LogMetricsAsync(new Dictionary<string, double> { [" "] = 1.0 }));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => run.LogMetricsAsync(new Dictionary<string, double> { ["loss"] = 1.0 }, step: -1));
        await run.EndAsync();
    }

    [Fact]
    public async Task LogParameterAsync_OtherValueForSameKey_IsRefused()
    {
        using var temp = new TempStore();
        TrackedRun run = await new ExperimentTracker(temp.Store, temp.Clock).StartRunAsync("e");
        await run.LogParameterAsync("trees", "100");
        await run.LogParameterAsync("trees", "100");

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => run.LogParameterAsync("trees", "200"));

        Assert.Equal($"Parameter 'trees' of run {run.Id} is already '100'; parameters are set once (log '200' under another name or in a new run).", error.Message);
        await run.EndAsync();
    }

    [Fact]
    public async Task DisposeAsync_WithoutEnd_MarksRunFailed()
    {
        using var temp = new TempStore();
        string id;
        await using (TrackedRun run = await new ExperimentTracker(temp.Store, temp.Clock).StartRunAsync("e"))
        {
            id = run.Id;
        }

        Assert.Equal(RunStatus.Failed, (await temp.Store.GetRunAsync(id)).Status);
    }

    [Fact]
    public async Task SearchRunsAsync_TagFilterAndMetricOrder_ReturnsTheBestFirst()
    {
        using var temp = new TempStore();
        var tracker = new ExperimentTracker(temp.Store, temp.Clock);
        foreach ((string name, string model, double? f1) in new[] { ("a", "iforest", 0.6), ("b", "pca", 0.8), ("c", "iforest", (double?)null), ("d", "iforest", 0.9), ("e", "iforest", 0.7) })
        {
            temp.Clock.Advance(TimeSpan.FromSeconds(1));
            TrackedRun run = await tracker.StartRunAsync("skab", name, new Dictionary<string, string> { ["model"] = model });
            if (f1 is { } value)
            {
                await run.LogMetricAsync("f1", value);
            }

            await run.EndAsync(name == "e" ? RunStatus.Failed : RunStatus.Finished);
        }

        var iforest = new Dictionary<string, string> { ["model"] = "iforest" };
        Assert.Equal(["d", "a", "c"], (await tracker.SearchRunsAsync("skab", new RunQuery { Tags = iforest, Status = RunStatus.Finished, OrderByMetric = "f1", Descending = true })).Select(r => r.Name));
        Assert.Equal(["a", "e", "d", "c"], (await tracker.SearchRunsAsync("skab", new RunQuery { Tags = iforest, OrderByMetric = "f1" })).Select(r => r.Name));
        Assert.Equal(["e", "d"], (await tracker.SearchRunsAsync("skab", new RunQuery { Limit = 2 })).Select(r => r.Name));
        Assert.Empty(await tracker.SearchRunsAsync("no such experiment"));
    }

    [Fact]
    public async Task LogArtifactAsync_FileAndFolder_AreCopiedUnderTheRun()
    {
        using var temp = new TempStore();
        string source = Directory.CreateTempSubdirectory("pdm-artifacts-").FullName;
        try
        {
            Directory.CreateDirectory(Path.Combine(source, "plots"));
            await File.WriteAllTextAsync(Path.Combine(source, "plots", "roc.svg"), "<svg/>");
            await File.WriteAllTextAsync(Path.Combine(source, "report.txt"), "F1 0.81");
            TrackedRun run = await new ExperimentTracker(temp.Store, temp.Clock).StartRunAsync("e");

            await run.LogArtifactAsync(Path.Combine(source, "report.txt"));
            await run.LogArtifactAsync(Path.Combine(source, "plots"), "figures/plots");

            Assert.Equal(["figures/plots/roc.svg", "report.txt"], await temp.Store.ListArtifactsAsync(run.Id));
            await Assert.ThrowsAsync<ArgumentException>(() => run.LogArtifactAsync(Path.Combine(source, "report.txt"), "../escape.txt"));
            await Assert.ThrowsAsync<ArgumentException>(() => run.LogArtifactAsync(Path.Combine(source, "report.txt"), "/etc/passwd"));
            File.CreateSymbolicLink(Path.Combine(source, "link.txt"), "/etc/hostname");
            await Assert.ThrowsAsync<ArgumentException>(() => run.LogArtifactAsync(Path.Combine(source, "link.txt")));
            await run.EndAsync();
        }
        finally
        {
            Directory.Delete(source, recursive: true);
        }
    }

    [Fact]
    public async Task GetMetricsAsync_LineCutShortByACrash_IsNotAValue()
    {
        using var temp = new TempStore();
        TrackedRun run = await new ExperimentTracker(temp.Store, temp.Clock).StartRunAsync("e");
        await run.LogMetricAsync("loss", 1.5);
        string metrics = Directory.EnumerateFiles(temp.Folder, "metrics.jsonl", SearchOption.AllDirectories).Single();
        await File.AppendAllTextAsync(metrics, "{\"key\":\"loss\",\"val");

        Assert.Equal([1.5], (await temp.Store.GetMetricsAsync(run.Id)).Select(p => p.Value));
        await run.EndAsync();
    }
}
