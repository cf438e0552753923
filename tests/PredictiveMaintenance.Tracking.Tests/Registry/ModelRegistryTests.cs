using System.Text.Json.Nodes;

namespace PredictiveMaintenance.Tracking.Tests.Registry;

public class ModelRegistryTests
{
    private static async Task<string> WriteArtifactAsync(string folder, double threshold)
    {
        string path = Path.Combine(folder, $"model-{Guid.NewGuid():N}.pdm");
        await new ModelArtifact("isolation-forest", 1, new JsonObject { ["threshold"] = threshold }).WithPayload("w.bin", [threshold]).SaveAsync(path);
        return path;
    }

    [Fact]
    public async Task RegisterAsync_Versions_AreNumberedAndCarryTheirPackage()
    {
        using var temp = new TempStore();
        var registry = new ModelRegistry(temp.Store, temp.Clock);
        var schema = new TelemetrySchema("machineID", "datetime", "volt", "rotate");

        ModelVersion first = await registry.RegisterAsync("detector", await WriteArtifactAsync(temp.Folder, 0.6),
            new NewModelVersion { FeatureSpecification = "volt: mean(24h)", InputSchema = schema, Metrics = new Dictionary<string, double> { ["f1"] = 0.7 }, RunId = "abc" });
        ModelVersion second = await registry.RegisterAsync("detector", await WriteArtifactAsync(temp.Folder, 0.7));

        Assert.Equal((1, 2), (first.Version, second.Version));
        ModelVersion read = await registry.GetVersionAsync("detector", 1);
        Assert.Equal((ModelStage.None, "abc", "volt: mean(24h)", 0.7), (read.Stage, read.RunId, read.FeatureSpecification, read.Metrics["f1"]));
        Assert.Equal(schema, TelemetrySchemaMetadata.FromJson(read.InputSchemaJson!, "test"));
        Assert.Equal(64, read.ArtifactSha256.Length);
        ModelArtifact artifact = await registry.LoadArtifactAsync(read);
        Assert.Equal(0.6, (double)artifact.Parameters["threshold"]!);
        Assert.Equal(["detector"], await registry.ListModelsAsync());
    }

    [Fact]
    public async Task SetAliasAsync_MovedAndDeleted_OneVersionPerAliasSeveralAliasesPerVersion()
    {
        using var temp = new TempStore();
        var registry = new ModelRegistry(temp.Store, temp.Clock);
        for (int i = 0; i < 3; i++)
        {
            await registry.RegisterAsync("detector", await WriteArtifactAsync(temp.Folder, i));
        }

        await registry.SetAliasAsync("detector", "champion", 1);
        await registry.SetAliasAsync("detector", "Challenger", 2);
        await registry.SetAliasAsync("detector", "shadow", 2);
        ModelVersion moved = await registry.SetAliasAsync("detector", "CHAMPION", 2);

        Assert.Equal(["challenger", "shadow", "champion"], moved.Aliases);
        Assert.Equal([[], ["challenger", "shadow", "champion"], []], (await registry.ListVersionsAsync("detector")).Select(v => v.Aliases));
        Assert.Equal(2, (await registry.GetVersionByAliasAsync("detector", "Champion"))!.Version);
        Assert.True(await registry.DeleteAliasAsync("detector", "shadow"));
        Assert.False(await registry.DeleteAliasAsync("detector", "shadow"));
        Assert.Null(await registry.GetVersionByAliasAsync("detector", "shadow"));
        Assert.Equal(["challenger", "champion"], (await new ModelRegistry(FolderTrackingStore.Open(temp.Folder)).GetVersionAsync("detector", 2)).Aliases);

        // The stages are their own view: name@production is the version in Production, and no alias may take its name.
        await registry.TransitionAsync("detector", 3, ModelStage.Production, "alice", "first");
        Assert.Equal(3, (await registry.GetVersionByAliasAsync("detector", "production"))!.Version);
        Assert.Null(await registry.GetVersionByAliasAsync("detector", "Staging"));
    }

    [Theory]
    [InlineData("production", "Alias 'production' is the name of stage Production, which the registry keeps as its own view (name@production is the version in Production).")]
    [InlineData("latest", "Alias 'latest' is reserved ('latest' means the newest version in MLflow).")]
    [InlineData("V12", "Alias 'V12' is reserved ('v' and a number names a version).")]
    [InlineData("blue green", "Alias 'blue green' may hold only letters, digits, '_' and '-'.")]
    [InlineData("7", "Alias '7' is a number (name/3 names version 3).")]
    public async Task SetAliasAsync_BadName_IsRefusedWithTheReason(string alias, string message)
    {
        using var temp = new TempStore();
        var registry = new ModelRegistry(temp.Store, temp.Clock);
        await registry.RegisterAsync("detector", await WriteArtifactAsync(temp.Folder, 0.5));

        var error = await Assert.ThrowsAsync<ArgumentException>(() => registry.SetAliasAsync("detector", alias, 1));

        Assert.StartsWith(message, error.Message, StringComparison.Ordinal);
        Assert.Empty((await registry.GetVersionAsync("detector", 1)).Aliases);
    }

    [Fact]
    public async Task SetAliasAsync_UnknownModelOrVersion_NamesWhatTheRegistryHolds()
    {
        using var temp = new TempStore();
        var registry = new ModelRegistry(temp.Store, temp.Clock);
        await registry.RegisterAsync("detector", await WriteArtifactAsync(temp.Folder, 0.5));

        var version = await Assert.ThrowsAsync<ModelNotFoundException>(() => registry.SetAliasAsync("detector", "champion", 4));
        var model = await Assert.ThrowsAsync<ModelNotFoundException>(() => registry.GetVersionByAliasAsync("pump", "champion"));

        Assert.Equal((4, "detector"), (version.Version, version.ModelName));
        Assert.Equal("pump", model.ModelName);
    }

    [Fact]
    public async Task PromoteAliasAsync_ByMetric_MovesTheAliasOnlyToABetterVersion()
    {
        using var temp = new TempStore();
        var registry = new ModelRegistry(temp.Store, temp.Clock);
        foreach (double mae in new[] { 50.0, 60.0, 40.0 })
        {
            await registry.RegisterAsync("tts", await WriteArtifactAsync(temp.Folder, mae), new NewModelVersion { Metrics = new Dictionary<string, double> { ["mae"] = mae } });
        }

        var rule = new PromotionRule("mae", HigherIsBetter: false);
        PromotionDecision first = await registry.PromoteAliasAsync("tts", 1, "champion", rule);
        PromotionDecision worse = await registry.PromoteAliasAsync("tts", 2, "champion", rule);
        PromotionDecision better = await registry.PromoteAliasAsync("tts", 3, "champion", rule);

        Assert.Equal((true, "version 1 has mae 50 and no other version was in @champion"), (first.Promoted, first.Reason));
        Assert.Equal((false, "version 2 has mae 60, which does not beat @champion version 1's 50 (lower is better)"), (worse.Promoted, worse.Reason));
        Assert.Equal((true, "version 3 has mae 40, better than @champion version 1's 50", 50.0), (better.Promoted, better.Reason, better.Current));
        Assert.Equal(3, (await registry.GetVersionByAliasAsync("tts", "champion"))!.Version);
        Assert.All(await registry.ListVersionsAsync("tts"), v => Assert.Equal(ModelStage.None, v.Stage));
    }

    [Fact]
    public async Task TransitionAsync_ToProduction_ArchivesThePreviousAndRecordsWhoWhenWhy()
    {
        using var temp = new TempStore();
        var registry = new ModelRegistry(temp.Store, temp.Clock);
        for (int i = 0; i < 3; i++)
        {
            await registry.RegisterAsync("detector", await WriteArtifactAsync(temp.Folder, i));
        }

        await registry.TransitionAsync("detector", 1, ModelStage.Production, "alice", "first model");
        temp.Clock.Advance(TimeSpan.FromHours(1));
        await registry.TransitionAsync("detector", 2, ModelStage.Staging, "ci", "nightly");
        await registry.TransitionAsync("detector", 2, ModelStage.Production, "bob", "better F1 on valve1");

        Assert.Equal([ModelStage.Archived, ModelStage.Production, ModelStage.None], (await registry.ListVersionsAsync("detector")).Select(v => v.Stage));
        Assert.Equal(2, (await registry.GetLatestAsync("detector", ModelStage.Production))!.Version);
        Assert.Null(await registry.GetLatestAsync("detector", ModelStage.Staging));
        Assert.Equal(
            [
                new StageTransition(1, ModelStage.None, ModelStage.Production, "alice", temp.Clock.Start, "first model"),
                new StageTransition(2, ModelStage.None, ModelStage.Staging, "ci", temp.Clock.Start.AddHours(1), "nightly"),
                new StageTransition(1, ModelStage.Production, ModelStage.Archived, "bob", temp.Clock.Start.AddHours(1), "replaced in Production by version 2: better F1 on valve1"),
                new StageTransition(2, ModelStage.Staging, ModelStage.Production, "bob", temp.Clock.Start.AddHours(1), "better F1 on valve1"),
            ],
            await registry.GetTransitionsAsync("detector"));
    }

    [Fact]
    public async Task PromoteAsync_ByMetric_PromotesOnlyWhatBeatsProduction()
    {
        using var temp = new TempStore();
        var registry = new ModelRegistry(temp.Store, temp.Clock);
        foreach (double rmse in (double[])[14.0, 15.5, 12.1])
        {
            await registry.RegisterAsync("rul", await WriteArtifactAsync(temp.Folder, rmse), new NewModelVersion { Metrics = new Dictionary<string, double> { ["rmse"] = rmse } });
        }

        var rule = new PromotionRule("rmse", HigherIsBetter: false);
        PromotionDecision first = await registry.PromoteAsync("rul", 1, rule, "scheduler", "nightly training");
        PromotionDecision worse = await registry.PromoteAsync("rul", 2, rule, "scheduler", "nightly training");
        PromotionDecision better = await registry.PromoteAsync("rul", 3, rule, "scheduler", "nightly training");

        Assert.Equal(new PromotionDecision(true, "version 1 has rmse 14 and no other version was in Production", 14.0, null), first);
        Assert.Equal(new PromotionDecision(false, "version 2 has rmse 15.5, which does not beat Production version 1's 14 (lower is better)", 15.5, 14.0), worse);
        Assert.Equal(new PromotionDecision(true, "version 3 has rmse 12.1, better than Production version 1's 14", 12.1, 14.0), better);
        Assert.Equal([ModelStage.Archived, ModelStage.None, ModelStage.Production], (await registry.ListVersionsAsync("rul")).Select(v => v.Stage));
        Assert.Equal(3, (await registry.GetTransitionsAsync("rul")).Count);
    }

    [Fact]
    public async Task PromoteAsync_MetricMissing_SaysWhichMetricsThereAre()
    {
        using var temp = new TempStore();
        var registry = new ModelRegistry(temp.Store, temp.Clock);
        await registry.RegisterAsync("rul", await WriteArtifactAsync(temp.Folder, 1), new NewModelVersion { Metrics = new Dictionary<string, double> { ["mae"] = 9 } });

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => registry.PromoteAsync("rul", 1, new PromotionRule("rmse", false), "me", "try"));
        Assert.Equal("Version 1 of model 'rul' has no metric 'rmse' to compare; its metrics are mae.", error.Message);
    }

    [Fact]
    public async Task GetVersionAsync_UnknownModel_NamesTheStoreAndTheRegisteredModels()
    {
        using var temp = new TempStore();
        var registry = new ModelRegistry(temp.Store, temp.Clock);
        await registry.RegisterAsync("rul", await WriteArtifactAsync(temp.Folder, 1));
        await registry.RegisterAsync("detector", await WriteArtifactAsync(temp.Folder, 1));

        var error = await Assert.ThrowsAsync<ModelNotFoundException>(() => registry.GetVersionAsync("pump", 1));

        Assert.Equal($"There is no registered model 'pump' in {temp.Folder}; the registered models are detector, rul.", error.Message);
        Assert.Equal(("pump", (int?)null, temp.Folder), (error.ModelName, error.Version, error.Location));
    }

    [Fact]
    public async Task GetVersionAsync_UnknownVersion_ListsTheModelsVersions()
    {
        using var temp = new TempStore();
        var registry = new ModelRegistry(temp.Store, temp.Clock);
        await registry.RegisterAsync("rul", await WriteArtifactAsync(temp.Folder, 1));
        await registry.RegisterAsync("rul", await WriteArtifactAsync(temp.Folder, 2));

        var error = await Assert.ThrowsAsync<ModelNotFoundException>(() => registry.GetVersionAsync("rul", 3));

        Assert.Equal($"Model 'rul' has no version 3 in {temp.Folder}; its versions are 1, 2.", error.Message);
        Assert.Equal(("rul", (int?)3, temp.Folder), (error.ModelName, error.Version, error.Location));
    }

    [Fact]
    public async Task TransitionAsync_NoModelRegistered_SaysThereIsNone()
    {
        using var temp = new TempStore();
        var registry = new ModelRegistry(temp.Store, temp.Clock);

        var error = await Assert.ThrowsAsync<ModelNotFoundException>(() => registry.TransitionAsync("rul", 1, ModelStage.Production, "me", "try"));

        Assert.Equal($"There is no registered model 'rul' in {temp.Folder}; no model is registered there.", error.Message);
    }

    [Fact]
    public async Task PromoteAsync_UnknownVersion_ListsTheVersionsAndChangesNothing()
    {
        using var temp = new TempStore();
        var registry = new ModelRegistry(temp.Store, temp.Clock);
        await registry.RegisterAsync("rul", await WriteArtifactAsync(temp.Folder, 1), new NewModelVersion { Metrics = new Dictionary<string, double> { ["rmse"] = 9 } });

        var error = await Assert.ThrowsAsync<ModelNotFoundException>(() => registry.PromoteAsync("rul", 7, new PromotionRule("rmse", false), "me", "try"));

        Assert.Equal($"Model 'rul' has no version 7 in {temp.Folder}; its versions are 1.", error.Message);
        Assert.Equal([ModelStage.None], (await registry.ListVersionsAsync("rul")).Select(v => v.Stage));
        Assert.Empty(await registry.GetTransitionsAsync("rul"));
    }

    [Fact]
    public async Task LoadArtifactAsync_TamperedArtifact_IsRefused()
    {
        using var temp = new TempStore();
        var registry = new ModelRegistry(temp.Store, temp.Clock);
        ModelVersion version = await registry.RegisterAsync("detector", await WriteArtifactAsync(temp.Folder, 0.5));
        string stored = Path.Combine(temp.Folder, "models", "detector", "versions", "1", version.ArtifactFileName);
        byte[] bytes = await File.ReadAllBytesAsync(stored);
        bytes[^10] ^= 0xFF;
        await File.WriteAllBytesAsync(stored, bytes);

        var error = await Assert.ThrowsAsync<ModelArtifactException>(() => registry.LoadArtifactAsync(version));
        Assert.Contains($"The artifact of version 1 of model 'detector' ({stored}) has SHA-256 ", error.Message, StringComparison.Ordinal);
        Assert.EndsWith($", but {version.ArtifactSha256} was registered; it was altered or corrupted, so it is not loaded.", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("../../../../etc/hostname")]
    [InlineData("/etc/hostname")]
    [InlineData("..")]
    public async Task LoadArtifactAsync_CraftedFileName_CannotLeaveTheStore(string fileName)
    {
        using var temp = new TempStore();
        var registry = new ModelRegistry(temp.Store, temp.Clock);
        ModelVersion version = await registry.RegisterAsync("detector", await WriteArtifactAsync(temp.Folder, 0.5));

        var error = await Assert.ThrowsAsync<ModelArtifactException>(() => registry.LoadArtifactAsync(version with { ArtifactFileName = fileName }));
        Assert.Equal($"The artifact of version 1 of model 'detector' is named '{fileName}', which would leave the version's folder; refusing it.", error.Message);
    }

    [Fact]
    public async Task LoadArtifactAsync_ArtifactReplacedByALink_IsRefused()
    {
        using var temp = new TempStore();
        var registry = new ModelRegistry(temp.Store, temp.Clock);
        ModelVersion version = await registry.RegisterAsync("detector", await WriteArtifactAsync(temp.Folder, 0.5));
        string stored = Path.Combine(temp.Folder, "models", "detector", "versions", "1", version.ArtifactFileName);
        File.Delete(stored);
        File.CreateSymbolicLink(stored, "/etc/hostname");

        var error = await Assert.ThrowsAsync<ModelArtifactException>(() => registry.LoadArtifactAsync(version));
        Assert.Equal("The artifact of version 1 of model 'detector' is a link to /etc/hostname; refusing it.", error.Message);
    }

    [Theory]
    [InlineData("../models")]
    [InlineData("a/b")]
    [InlineData(".hidden")]
    public async Task RegisterAsync_ModelNameWithPath_IsRejected(string name)
    {
        using var temp = new TempStore();
        await Assert.ThrowsAsync<ArgumentException>(() => new ModelRegistry(temp.Store).RegisterAsync(name, "whatever.pdm"));
    }
}
