using PredictiveMaintenance.Pipeline;
using PredictiveMaintenance.Tracking;

namespace PredictiveMaintenance.Cli.Tests.Commands;

public sealed class PromoteCommandTests : IDisposable
{
    private const string Anomaly = BatchPipeline.AnomalyModelName;

    private readonly string _root = Path.Combine(Path.GetTempPath(), "pdm-cli-promote-tests", Guid.NewGuid().ToString("N"));

    private string Tracking => Path.Combine(_root, "tracking");

    private string Config => Path.Combine(_root, "pdm.json");

    public void Dispose()
    {
        if (Directory.Exists(_root))
        {
            Directory.Delete(_root, recursive: true);
        }
    }

    /// <summary>Unknown models and versions, with and without <c>--force</c>; <c>{0}</c> in the message is the tracking folder.</summary>
    public static TheoryData<string[], string> NotRegistered() => new()
    {
        { [Anomaly, "9"], $"Model '{Anomaly}' has no version 9 in {{0}}; its versions are 1, 2." },
        { [Anomaly, "9", "--force"], $"Model '{Anomaly}' has no version 9 in {{0}}; its versions are 1, 2." },
        { [BatchPipeline.TimeToServiceModelName, "1"], $"There is no registered model '{BatchPipeline.TimeToServiceModelName}' in {{0}}; the registered models are {Anomaly}." },
        { ["pump", "1", "--force"], $"There is no registered model 'pump' in {{0}}; the registered models are {Anomaly}." },
    };

    [Fact]
    public async Task Promote_BeatsProduction_PromotesAndExitsSuccess()
    {
        await RegisterAnomalyVersionsAsync(0.8, 0.9);
        Assert.Equal(ExitCodes.Success, (await Pdm.RunAsync("promote", "--config", Config, Anomaly, "1")).ExitCode);

        (int exit, string output, string error) = await Pdm.RunAsync("promote", "--config", Config, Anomaly, "2");

        Assert.Equal((ExitCodes.Success, string.Empty), (exit, error));
        Assert.Equal($"{Anomaly} v2: promoted to Production: version 2 has test_roc_auc 0.9, better than Production version 1's 0.8{Environment.NewLine}", output);
        Assert.Equal([ModelStage.Archived, ModelStage.Production], (await Registry().ListVersionsAsync(Anomaly)).Select(v => v.Stage));
    }

    [Fact]
    public async Task Promote_DoesNotBeatProduction_ExitsNotPromotedAndChangesNothing()
    {
        await RegisterAnomalyVersionsAsync(0.8, 0.7);
        Assert.Equal(ExitCodes.Success, (await Pdm.RunAsync("promote", "--config", Config, Anomaly, "1")).ExitCode);

        (int exit, string output, string error) = await Pdm.RunAsync("promote", "--config", Config, Anomaly, "2");

        Assert.Equal((ExitCodes.NotPromoted, string.Empty), (exit, error));
        Assert.Equal($"{Anomaly} v2: not promoted: version 2 has test_roc_auc 0.7, which does not beat Production version 1's 0.8 (higher is better){Environment.NewLine}", output);
        Assert.Equal([ModelStage.Production, ModelStage.None], (await Registry().ListVersionsAsync(Anomaly)).Select(v => v.Stage));
    }

    [Fact]
    public async Task Promote_Alias_PointsItOnlyAtABetterVersionAndModelsShowsIt()
    {
        await RegisterAnomalyVersionsAsync(0.8, 0.7, 0.9);

        (int first, string pointed, _) = await Pdm.RunAsync("promote", "--config", Config, Anomaly, "1", "--alias", "Champion");
        (int worse, string refused, _) = await Pdm.RunAsync("promote", "--config", Config, Anomaly, "2", "--alias", "champion");
        (int better, string moved, _) = await Pdm.RunAsync("promote", "--config", Config, Anomaly, "3", "--alias", "champion");
        (int forced, string shadow, _) = await Pdm.RunAsync("promote", "--config", Config, Anomaly, "2", "--alias", "shadow", "--force");
        (_, string models, _) = await Pdm.RunAsync("models", "--config", Config);

        Assert.Equal((ExitCodes.Success, ExitCodes.NotPromoted, ExitCodes.Success, ExitCodes.Success), (first, worse, better, forced));
        Assert.Equal($"{Anomaly} v1: promoted to @champion: version 1 has test_roc_auc 0.8 and no other version was in @champion{Environment.NewLine}", pointed);
        Assert.Equal($"{Anomaly} v2: not promoted: version 2 has test_roc_auc 0.7, which does not beat @champion version 1's 0.8 (higher is better){Environment.NewLine}", refused);
        Assert.Equal($"{Anomaly} v3: promoted to @champion: version 3 has test_roc_auc 0.9, better than @champion version 1's 0.8{Environment.NewLine}", moved);
        Assert.Equal($"{Anomaly}@shadow is v2 (forced).{Environment.NewLine}", shadow);
        Assert.Equal([[], ["shadow"], ["champion"]], (await Registry().ListVersionsAsync(Anomaly)).Select(v => v.Aliases));
        Assert.All(await Registry().ListVersionsAsync(Anomaly), v => Assert.Equal(ModelStage.None, v.Stage));
        Assert.Contains("  @champion", models.Split(Environment.NewLine).Single(l => l.StartsWith("  v3 ", StringComparison.Ordinal)), StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(NotRegistered))]
    public async Task Promote_NotRegistered_ExitsInputNotFoundWithOneLineNamingWhatIsRegistered(string[] arguments, string message)
    {
        await RegisterAnomalyVersionsAsync(0.8, 0.9);

        (int exit, string output, string error) = await Pdm.RunAsync(["promote", "--config", Config, .. arguments]);

        Assert.Equal((ExitCodes.InputNotFound, string.Empty), (exit, output));
        Assert.Equal($"pdm: {string.Format(System.Globalization.CultureInfo.InvariantCulture, message, Tracking)}{Environment.NewLine}", error);
        Assert.Empty(await Registry().GetTransitionsAsync(Anomaly));
    }

    [Fact]
    public async Task Promote_ModelWithoutRule_ExitsUsageAskingForForce()
    {
        await RegisterAnomalyVersionsAsync(0.8);

        (int exit, string output, string error) = await Pdm.RunAsync("promote", "--config", Config, "pump", "1");

        Assert.Equal((ExitCodes.Usage, string.Empty), (exit, output));
        Assert.Equal($"pdm: 'pump' has no promotion rule; use {Anomaly}, {BatchPipeline.TimeToServiceModelName} or --force.{Environment.NewLine}", error);
    }

    private ModelRegistry Registry() => new(FolderTrackingStore.Open(Tracking));

    /// <summary>Creates the pipeline with <c>pdm init</c> and registers one anomaly model version per AUC, none promoted.</summary>
    private async Task RegisterAnomalyVersionsAsync(params double[] rocAucs)
    {
        Assert.Equal(ExitCodes.Success, (await Pdm.RunAsync("init", _root)).ExitCode);

        // Promotion compares registered metrics only and never loads the artifact, so any file stands in for one.
        string artifact = Path.Combine(_root, "artifact.pdm");
        await File.WriteAllTextAsync(artifact, "not loaded by promote");
        ModelRegistry registry = Registry();
        foreach (double auc in rocAucs)
        {
            await registry.RegisterAsync(Anomaly, artifact, new NewModelVersion { Metrics = new Dictionary<string, double> { [BatchPipeline.AnomalyPromotionRule.Metric] = auc } });
        }
    }
}
