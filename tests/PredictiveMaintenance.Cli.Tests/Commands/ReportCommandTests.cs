using System.Text.RegularExpressions;
using PredictiveMaintenance.Models.Anomaly;
using PredictiveMaintenance.Scoring;
using PredictiveMaintenance.Tracking;

namespace PredictiveMaintenance.Cli.Tests.Commands;

public sealed partial class ReportCommandTests : IDisposable
{
    private readonly TableTestTables _tables = new();

    public void Dispose() => _tables.Dispose();

    [Fact]
    public async Task Report_TelemetryAndPredictions_WritesOnePageAndPrintsWhatItHolds()
    {
        string telemetry = await _tables.TelemetryAsync();
        (string predictions, int alarmed) = await PredictionsAsync();
        string page = _tables.Combine("out/dashboard.html");

        (int exit, string output, string error) = await Pdm.RunAsync("report", "--telemetry", telemetry, "--predictions", predictions, "-o", page, "--title", "Two machines");

        Assert.Equal((0, string.Empty), (exit, error));
        string[] lines = output.Split(Environment.NewLine);
        Assert.Equal($"2 assets (2 scored, {alarmed} in alarm), 0 registered models, 0 ingested batches", lines[0]);
        Assert.Equal($"wrote {page} ({new FileInfo(page).Length:N0} bytes)", lines[1]);
        string html = await File.ReadAllTextAsync(page);
        Assert.Contains("<title>Two machines</title>", html, StringComparison.Ordinal);

        // volt is the only sensor (mode is a setting): a volt chart and a score chart per machine.
        Assert.Equal(4, ChartElement().Count(html));
        Assert.Equal(2, Regex.Count(html, "<path class=\"series telemetry\""));
    }

    [Fact]
    public async Task Report_ChannelAndSince_DrawsThoseOnly()
    {
        string telemetry = await _tables.TelemetryAsync();
        string page = _tables.Combine("dashboard.html");

        (int exit, _, string error) = await Pdm.RunAsync("report", "--telemetry", telemetry, "--channel", "mode", "--since", "2015-01-02", "-o", page);

        Assert.Equal((0, string.Empty), (exit, error));
        string html = await File.ReadAllTextAsync(page);
        Assert.Contains("aria-label=\"mode\"", html, StringComparison.Ordinal);
        Assert.DoesNotContain("aria-label=\"volt\"", html, StringComparison.Ordinal);
        Assert.Contains("24 readings · 0 scored", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Report_AssetCharts_DrawsTheRiskiestOnly()
    {
        string telemetry = await _tables.TelemetryAsync();
        (string predictions, _) = await PredictionsAsync();
        string page = _tables.Combine("dashboard.html");

        (int exit, _, string error) = await Pdm.RunAsync("report", "--telemetry", telemetry, "--predictions", predictions, "--asset-charts", "1", "-o", page);

        Assert.Equal((0, string.Empty), (exit, error));
        string html = await File.ReadAllTextAsync(page);
        Assert.Equal(2, ChartElement().Count(html));
        Assert.Contains("The 1 asset at highest risk; the other 1 is listed in the fleet overview.", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Report_Days_DrawsTheDaysBeforeTheLatestReading()
    {
        string telemetry = await _tables.TelemetryAsync();
        string page = _tables.Combine("dashboard.html");

        (int exit, _, string error) = await Pdm.RunAsync("report", "--telemetry", telemetry, "--days", "0.5", "-o", page);

        Assert.Equal((0, string.Empty), (exit, error));
        Assert.Contains("12 readings · 0 scored", await File.ReadAllTextAsync(page), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Report_ZeroDays_ExitsUsage()
    {
        string telemetry = await _tables.TelemetryAsync();

        (int exit, _, string error) = await Pdm.RunAsync("report", "--telemetry", telemetry, "--days", "0", "-o", _tables.Combine("x.html"));

        Assert.Equal(2, exit);
        Assert.Equal($"pdm: --days must be a positive number of days, at most 1,000,000; it is 0.{Environment.NewLine}", error);
    }

    [Fact]
    public async Task Report_NegativeAssetCharts_ExitsUsage()
    {
        string telemetry = await _tables.TelemetryAsync();

        (int exit, _, string error) = await Pdm.RunAsync("report", "--telemetry", telemetry, "--asset-charts", "-1", "-o", _tables.Combine("x.html"));

        Assert.Equal(2, exit);
        Assert.Equal($"pdm: --asset-charts must be 0 or more; it is -1.{Environment.NewLine}", error);
    }

    [Fact]
    public async Task Report_MissingTelemetryFolder_ExitsInputNotFound()
    {
        string missing = _tables.Combine("nothing-here");

        (int exit, string output, string error) = await Pdm.RunAsync("report", "--telemetry", missing, "-o", _tables.Combine("x.html"));

        Assert.Equal((3, string.Empty), (exit, output));
        Assert.Equal($"pdm: Table folder '{missing}' does not exist.{Environment.NewLine}", error);
    }

    [Fact]
    public async Task Report_BadSince_ExitsUsage()
    {
        string telemetry = await _tables.TelemetryAsync();

        (int exit, _, string error) = await Pdm.RunAsync("report", "--telemetry", telemetry, "--since", "last tuesday", "-o", _tables.Combine("x.html"));

        Assert.Equal(2, exit);
        Assert.Equal($"pdm: --since must be an ISO 8601 time such as 2015-03-01 or 2015-03-01T06:00:00Z; it is 'last tuesday'.{Environment.NewLine}", error);
    }

    [Fact]
    public async Task Report_NoOutput_ExitsUsage()
    {
        (int exit, _, string error) = await Pdm.RunAsync("report", "--telemetry", _tables.Combine("t"));

        Assert.Equal(2, exit);
        Assert.Contains("Option '--output' is required.", error, StringComparison.Ordinal);
    }

    /// <summary>An isolation forest fitted on the table's volt readings, registered and scored by Scoring's <see cref="ModelScorer"/> into its predictions table; returns the table and how many machines end in alarm.</summary>
    private async Task<(string Path, int Alarmed)> PredictionsAsync()
    {
        TelemetryTable data = TelemetryTable.Concat([TableTestTables.Hourly(0, 24), TableTestTables.Hourly(24, 24)]);
        IsolationForestDetector detector = new IsolationForestTrainer(new IsolationForestOptions { Seed = 3, Channels = ["volt"], Threshold = ThresholdRule.Quantile(0.9) }).Fit(data);
        string artifact = _tables.Combine("detector.pdmmodel");
        await detector.SaveAsync(artifact);
        var registry = new ModelRegistry(FolderTrackingStore.Open(_tables.Combine("registry")));
        await registry.RegisterAsync("detector", artifact, new NewModelVersion { InputSchema = data.Schema });
        string path = _tables.Combine("predictions");
        using ModelScorer scorer = await ModelScorer.LoadAsync(registry, ModelReference.ForVersion("detector", 1));
        ScoringResult scored = (await scorer.ScoreToDeltaAsync(data, path)).Scoring!;

        // The latest reading with a score decides; a missing volt is not scored.
        ReadOnlySpan<double> scores = scored.Values;
        ReadOnlySpan<bool> alarms = scored.Alarms;
        int alarmed = 0;
        for (int a = 0; a < data.AssetCount; a++)
        {
            int last = data.AssetOffsets[a + 1] - 1;
            while (double.IsNaN(scores[last]))
            {
                last--;
            }

            alarmed += alarms[last] ? 1 : 0;
        }

        return (path, alarmed);
    }

    [GeneratedRegex("<svg class=\"chart\"")]
    private static partial Regex ChartElement();
}
