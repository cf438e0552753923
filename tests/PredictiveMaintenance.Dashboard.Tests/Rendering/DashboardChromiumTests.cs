using System.Text.Json.Nodes;
using Microsoft.Extensions.Time.Testing;
using Xunit.Abstractions;

namespace PredictiveMaintenance.Dashboard.Tests.Rendering;

/// <summary>The dashboard as a person sees it: the Azure fleet's page opened in headless Chromium.</summary>
[Collection(AzureFleetGroup.Name)]
public sealed class DashboardChromiumTests(AzureFleet fleet, ITestOutputHelper output) : IDisposable
{
    /// <summary>Where the screenshot goes when set, with a second one of an asset in alarm beside it (<c>-alarms.png</c>); docs/dashboard.png is made this way (see docs/dashboard.md).</summary>
    private const string ScreenshotVariable = "PDM_DASHBOARD_SCREENSHOT";

    private const string Measure = """
        (() => {
          const charts = Array.from(document.querySelectorAll('svg.chart:not(.bars)'));
          const paths = Array.from(document.querySelectorAll('svg.chart path.series'));
          const drawn = paths.filter(p => p.getAttribute('d').length > 0 && p.getTotalLength() > 0 && p.getBBox().width > 0);
          return {
            charts: charts.length,
            laidOut: charts.filter(c => c.getBoundingClientRect().width > 0 && c.getBoundingClientRect().height > 0).length,
            paths: paths.length,
            drawn: drawn.length,
            alarmBands: document.querySelectorAll('svg.chart rect.alarm').length,
            serviceBars: Array.from(document.querySelectorAll('svg.bars rect.bar')).filter(b => b.getBBox().width > 0).length,
            fleetRows: document.querySelectorAll('table.fleet tbody tr').length,
            title: document.title
          };
        })()
        """;

    private readonly string _folder = Directory.CreateTempSubdirectory("pdm-dashboard-page-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [ChromiumFact]
    public async Task Render_AzureFleetInChromium_DrawsEveryChartWithoutScriptErrorsOrRequests()
    {
        string chromium = HeadlessChromium.Find() ?? throw new InvalidOperationException("PDM_REQUIRE_CHROMIUM=1 but no Chromium is installed: apt-get install chromium.");
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        DashboardReport report = await DashboardLoader.LoadAsync(new DashboardSources
        {
            TelemetryTable = fleet.TelemetryPath,
            PredictionsTable = fleet.PredictionsPath,
            DataQualityTable = fleet.DataQualityPath,
            RegistryFolder = fleet.RegistryPath,
            Title = "Azure fleet: 20 machines, 90 days",
            TimeProvider = new FakeTimeProvider(AzureFleet.Now),
        });
        string page = Path.Combine(_folder, "dashboard.html");
        await new DashboardRenderer().RenderAsync(report, page);
        long bytes = new FileInfo(page).Length;
        output.WriteLine(FormattableString.Invariant($"{page}: {bytes:N0} bytes"));
        int series = report.Assets.Sum(a => a.Channels.Count + (a.Predictions.Count > 0 ? 1 : 0) + (a.Predictions.TimeUntilService.ToArray().Any(double.IsFinite) ? 1 : 0));

        await using HeadlessChromium browser = await HeadlessChromium.StartAsync(chromium, 1100, 1500, timeout.Token);
        await browser.OpenAsync(page, timeout.Token);
        JsonNode measured = (await browser.EvaluateAsync(Measure, timeout.Token))!;

        Assert.Equal("Azure fleet: 20 machines, 90 days", (string?)measured["title"]);
        Assert.InRange(bytes, 100_000, 2_000_000);
        Assert.Equal(20, (int)measured["fleetRows"]!);
        Assert.Equal(series, (int)measured["charts"]!);
        Assert.Equal(series, (int)measured["laidOut"]!);
        Assert.Equal(series, (int)measured["paths"]!);
        Assert.Equal(series, (int)measured["drawn"]!);
        Assert.True((int)measured["alarmBands"]! > 0, "The detector raised alarms, so some chart must shade them.");
        Assert.Equal(report.Fleet.Count(f => double.IsFinite(f.TimeUntilService)), (int)measured["serviceBars"]!);

        // The inline script sorts the fleet table: by asset id in natural order, then back by risk.
        JsonNode byAsset = (await browser.EvaluateAsync("document.querySelector('table.fleet th:nth-child(2)').click(), Array.from(document.querySelectorAll('table.fleet tbody tr')).map(r => r.cells[1].textContent)", timeout.Token))!;
        Assert.Equal(Enumerable.Range(1, 20).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)), byAsset.AsArray().Select(n => (string)n!));
        JsonNode byRisk = (await browser.EvaluateAsync("document.querySelector('table.fleet th:nth-child(1)').click(), Array.from(document.querySelectorAll('table.fleet tbody tr')).map(r => r.cells[1].textContent)", timeout.Token))!;
        Assert.Equal(report.Fleet.Select(f => f.AssetId), byRisk.AsArray().Select(n => (string)n!));

        byte[] screenshot = await browser.ScreenshotAsync(timeout.Token);
        Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], screenshot[..4]);
        if (Environment.GetEnvironmentVariable(ScreenshotVariable) is { Length: > 0 } target)
        {
            await File.WriteAllBytesAsync(target, screenshot);

            // A second picture, of the first asset with alarms, shows the shading the top of the page may not.
            Assert.Equal(true, (bool?)await browser.EvaluateAsync("(() => { const d = document.querySelector('rect.alarm').closest('details'); d.scrollIntoView(); return true; })()", timeout.Token));
            await File.WriteAllBytesAsync(Path.Combine(Path.GetDirectoryName(target)!, Path.GetFileNameWithoutExtension(target) + "-alarms.png"), await browser.ScreenshotAsync(timeout.Token));
        }

        Assert.Empty(browser.Errors);
        Assert.Equal([new Uri(page).AbsoluteUri], browser.Requests.Distinct());
    }
}
