using System.Text.RegularExpressions;
using PredictiveMaintenance.Dashboard.Tests.Reports;
using PredictiveMaintenance.Tracking;

namespace PredictiveMaintenance.Dashboard.Tests.Rendering;

public sealed partial class DashboardRendererTests
{
    private static readonly DateTimeOffset Generated = new(2024, 5, 2, 8, 30, 0, TimeSpan.Zero);

    [Fact]
    public void Render_SmallReport_DrawsAChartPerChannelScoreAndServiceTime()
    {
        string html = new DashboardRenderer().Render(SmallReport());

        Assert.StartsWith("<!DOCTYPE html>", html, StringComparison.Ordinal);
        Assert.Equal(4, Count(html, "<svg class=\"chart\""));
        Assert.Equal(1, Count(html, "<svg class=\"chart bars\""));
        Assert.Equal(2, Count(html, "class=\"series telemetry\""));
        Assert.Equal(1, Count(html, "class=\"series score\""));
        Assert.Equal(1, Count(html, "class=\"series service\""));
        Assert.Contains("<p class=\"note\">Not scored yet.</p>", html, StringComparison.Ordinal);
        Assert.Contains("<title>Plant &amp; fleet</title>", html, StringComparison.Ordinal);
        Assert.Contains("Generated 2024-05-02 08:30 UTC · 2 assets · 1 registered model · 1 ingested batch", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_SmallReport_ListsFleetInRiskOrderWithAnchors()
    {
        string html = new DashboardRenderer().Render(SmallReport());

        MatchCollection rows = FleetRow().Matches(html);
        Assert.Equal([("1", "asset-1", "m&lt;1&gt;"), ("2", "asset-2", "m2")], rows.Select(m => (m.Groups[1].Value, m.Groups[2].Value, m.Groups[3].Value)));
        Assert.Contains("<details class=\"asset\" id=\"asset-1\" open><summary><h3>m&lt;1&gt;</h3>", html, StringComparison.Ordinal);
        Assert.Contains("<span class=\"badge alarm\">alarm</span>", html, StringComparison.Ordinal);
        Assert.Contains("<span class=\"badge\">not scored</span>", html, StringComparison.Ordinal);
        Assert.Contains("<td data-v=\"900\">37.5 d</td>", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_AnyReport_MakesNoExternalRequest()
    {
        string html = new DashboardRenderer().Render(SmallReport());

        Assert.DoesNotContain("http://", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("https://", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<link", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("@import", html, StringComparison.OrdinalIgnoreCase);
        Assert.Empty(ExternalReference().Matches(html));
        Assert.Contains("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'\">", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_ModelsAndDataQuality_TabulatesVersionsAliasesTransitionsAndReasons()
    {
        string html = new DashboardRenderer().Render(SmallReport());

        Assert.Contains("<h3>detector</h3>", html, StringComparison.Ordinal);
        Assert.Contains("<th>f1</th><th>rmse</th>", html, StringComparison.Ordinal);
        Assert.Contains("<tr><td>1</td><td class=\"text\"><span class=\"badge Archived\">Archived</span></td><td class=\"text\">–</td><td class=\"text\">2024-05-01 00:00 UTC</td><td class=\"text\">run-1</td><td>0.5</td><td>–</td></tr>", html, StringComparison.Ordinal);
        Assert.Contains("<tr><td>2</td><td class=\"text\"><span class=\"badge Production\">Production</span></td><td class=\"text\">@champion @shadow</td><td class=\"text\">2024-05-01 01:00 UTC</td><td class=\"text\">–</td><td>0.75</td><td>12.35</td></tr>", html, StringComparison.Ordinal);
        Assert.Contains("<td class=\"text\">ops &lt;team&gt;</td><td class=\"text\">better f1</td>", html, StringComparison.Ordinal);
        Assert.Contains("<th>Duplicate</th><th>OutOfRange</th>", html, StringComparison.Ordinal);
        Assert.Contains("<tr><td class=\"text\">day-1</td><td class=\"text\">2024-05-01 02:00 UTC</td><td>1,000</td><td>7</td><td>2</td><td>5</td></tr>", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_LongSeries_KeepsAtMostFourPointsPerBucket()
    {
        long t0 = UnixTime.ToMicroseconds(new DateTime(2015, 1, 1, 6, 0, 0, DateTimeKind.Utc));
        long[] times = [.. Enumerable.Range(0, 2160).Select(h => t0 + (h * UnixTime.MicrosecondsPerHour))];
        double[] values = [.. Enumerable.Range(0, 2160).Select(h => Math.Sin(h * 0.7) * 10)];
        var report = new DashboardReport("long", Generated, TimeKind.UtcTimestamp, [new AssetSeries("a", times, [new ChannelSeries("x", values)], PredictionSeries.Empty)], [], []);

        string html = new DashboardRenderer(new DashboardRenderOptions { Buckets = 100 }).Render(report);

        Match path = SeriesPath().Match(html);
        Assert.True(path.Success);
        int points = path.Groups[1].Value.Count(c => c is 'M' or 'L');
        Assert.InRange(points, 300, 400);
    }

    [Fact]
    public void Render_MoreAssetsThanSections_DrawsTheRiskiestAndListsEveryAsset()
    {
        AssetSeries[] assets = [.. Enumerable.Range(1, 5).Select(i => DashboardReportTests.Asset($"m{i}", score: 0.1 * i, alarm: false, service: 100 * i))];
        var report = new DashboardReport("fleet", Generated, TimeKind.UtcTimestamp, assets, [], []);

        string html = new DashboardRenderer(new DashboardRenderOptions { AssetSections = 2 }).Render(report);

        // Shortest time until service first: m1 and m2 get sections, links and bars; m3 to m5 are rows only.
        Assert.Equal(2, Count(html, "<details class=\"asset\""));
        Assert.Equal([("1", "asset-1", "m1"), ("2", "asset-2", "m2")], FleetRow().Matches(html).Select(m => (m.Groups[1].Value, m.Groups[2].Value, m.Groups[3].Value)));
        Assert.Contains("<tr><td data-v=\"5\">5</td><td class=\"text\" data-v=\"m5\">m5</td>", html, StringComparison.Ordinal);
        Assert.Equal(2, Count(html, "<rect class=\"bar"));
        Assert.Contains("<p class=\"note\">The 2 assets at highest risk; the other 3 are listed in the fleet overview.</p>", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_NoSections_ListsTheFleetOnly()
    {
        string html = new DashboardRenderer(new DashboardRenderOptions { AssetSections = 0 }).Render(SmallReport());

        Assert.Equal(0, Count(html, "<details class=\"asset\""));
        Assert.Equal(0, Count(html, "<svg class=\"chart"));
        Assert.Equal(2, Count(html, "<tr><td data-v=\""));
        Assert.Contains("<p class=\"note\">No asset is drawn (AssetSections is 0); the fleet overview lists them all.</p>", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Constructor_NegativeAssetSections_Throws()
    {
        ArgumentOutOfRangeException e = Assert.Throws<ArgumentOutOfRangeException>(() => new DashboardRenderer(new DashboardRenderOptions { AssetSections = -1 }));

        Assert.Equal("AssetSections", e.ParamName);
    }

    [Fact]
    public void Constructor_TooFewBuckets_Throws()
    {
        ArgumentOutOfRangeException e = Assert.Throws<ArgumentOutOfRangeException>(() => new DashboardRenderer(new DashboardRenderOptions { Buckets = 1 }));

        Assert.Equal("Buckets", e.ParamName);
    }

    [Fact]
    public void AlarmIntervals_Runs_AreFirstAndLastAlarmedTimes()
    {
        List<(long, long)> intervals = DashboardRenderer.AlarmIntervals([1, 2, 3, 4, 5, 6, 7], [true, false, true, true, false, false, true]);

        Assert.Equal([(1L, 1L), (3L, 4L), (7L, 7L)], intervals);
    }

    /// <summary>A two-asset report: one scored with an alarm at its last reading, one not scored; one model with two versions; one batch.</summary>
    internal static DashboardReport SmallReport()
    {
        AssetSeries scored = DashboardReportTests.Asset("m<1>", score: 0.8, alarm: true, service: 900);
        long[] times = [.. scored.Times.ToArray()];
        var unscored = new AssetSeries("m2", times, [new ChannelSeries("x", new double[] { 3, double.NaN })], PredictionSeries.Empty);
        var created = new DateTimeOffset(2024, 5, 1, 0, 0, 0, TimeSpan.Zero);
        var model = new RegisteredModel(
            "detector",
            [
                new ModelVersion("detector", 1, ModelStage.Archived, created, "run-1", "model.pdmmodel", "00", null, null, new Dictionary<string, double> { ["f1"] = 0.5 }, null),
                new ModelVersion("detector", 2, ModelStage.Production, created.AddHours(1), null, "model.pdmmodel", "01", null, null, new Dictionary<string, double> { ["f1"] = 0.75, ["rmse"] = 12.3456 }, null) { Aliases = ["shadow", "champion"] },
            ],
            [new StageTransition(2, ModelStage.None, ModelStage.Production, "ops <team>", created.AddHours(2), "better f1")]);
        var batch = new DataQualityBatch("day-1", created.AddHours(2), 1000, new Dictionary<string, long> { ["OutOfRange"] = 5, ["Duplicate"] = 2 });
        return new DashboardReport("Plant & fleet", Generated, TimeKind.UtcTimestamp, [unscored, scored], [model], [batch]);
    }

    private static int Count(string text, string what) => Regex.Count(text, Regex.Escape(what));

    [GeneratedRegex("<tr><td data-v=\"(\\d+)\">\\d+</td><td class=\"text\" data-v=\"[^\"]*\"><a href=\"#([^\"]+)\">([^<]+)</a>")]
    private static partial Regex FleetRow();

    [GeneratedRegex("(?:src|href|action|xlink:href)\\s*=\\s*\"(?!#)")]
    private static partial Regex ExternalReference();

    [GeneratedRegex("<path class=\"series telemetry\" d=\"([^\"]*)\"")]
    private static partial Regex SeriesPath();
}
