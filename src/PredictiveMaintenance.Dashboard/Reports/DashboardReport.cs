using System.Collections.ObjectModel;

namespace PredictiveMaintenance.Dashboard;

/// <summary>
/// Everything the dashboard shows, independent of where it came from: the assets' series, the registered models and the
/// data-quality counts, with the fleet overview derived from the series. Build it with <see cref="DashboardLoader"/>
/// from tables, or directly; render it with <see cref="DashboardRenderer"/>.
/// </summary>
public sealed class DashboardReport
{
    /// <summary>Creates a report and ranks the fleet.</summary>
    /// <param name="title">The page title.</param>
    /// <param name="generatedAt">When the report was made (shown on the page).</param>
    /// <param name="timeKind">Whether telemetry times are UTC timestamps or cycles.</param>
    /// <param name="assets">The assets; ids unique.</param>
    /// <param name="models">The registered models; none for an empty list.</param>
    /// <param name="dataQuality">The data-quality counts per batch; none for an empty list.</param>
    /// <exception cref="ArgumentException">Two assets have the same id.</exception>
    public DashboardReport(
        string title,
        DateTimeOffset generatedAt,
        TimeKind timeKind,
        IEnumerable<AssetSeries> assets,
        IEnumerable<RegisteredModel> models,
        IEnumerable<DataQualityBatch> dataQuality)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(title);
        ArgumentNullException.ThrowIfNull(assets);
        ArgumentNullException.ThrowIfNull(models);
        ArgumentNullException.ThrowIfNull(dataQuality);
        AssetSeries[] series = [.. assets];
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (AssetSeries asset in series)
        {
            ArgumentNullException.ThrowIfNull(asset, nameof(assets));
            if (!seen.Add(asset.AssetId))
            {
                throw new ArgumentException($"Asset '{asset.AssetId}' appears more than once in the report.", nameof(assets));
            }
        }

        Title = title;
        GeneratedAt = generatedAt;
        TimeKind = timeKind;
        Fleet = new ReadOnlyCollection<AssetSummary>(Rank(series));
        Dictionary<string, int> rank = Fleet.ToDictionary(f => f.AssetId, f => f.RiskRank, StringComparer.Ordinal);
        Assets = new ReadOnlyCollection<AssetSeries>([.. series.OrderBy(a => rank[a.AssetId])]);
        Models = new ReadOnlyCollection<RegisteredModel>([.. models]);
        DataQuality = new ReadOnlyCollection<DataQualityBatch>([.. dataQuality]);
    }

    /// <summary>The page title.</summary>
    public string Title { get; }

    /// <summary>When the report was made.</summary>
    public DateTimeOffset GeneratedAt { get; }

    /// <summary>Whether telemetry times are UTC timestamps (microseconds) or cycles.</summary>
    public TimeKind TimeKind { get; }

    /// <summary>
    /// The fleet overview, highest risk first: assets whose latest scored reading raised an alarm, then by shortest
    /// predicted time until service (assets without one after those with one), then by highest latest anomaly score
    /// (none last), then by asset id in natural order.
    /// </summary>
    public IReadOnlyList<AssetSummary> Fleet { get; }

    /// <summary>The assets' series, in the order of <see cref="Fleet"/>.</summary>
    public IReadOnlyList<AssetSeries> Assets { get; }

    /// <summary>The registered models.</summary>
    public IReadOnlyList<RegisteredModel> Models { get; }

    /// <summary>The data-quality counts, one entry per batch.</summary>
    public IReadOnlyList<DataQualityBatch> DataQuality { get; }

    private static AssetSummary[] Rank(AssetSeries[] assets)
    {
        var unranked = new List<AssetSummary>(assets.Length);
        foreach (AssetSeries asset in assets)
        {
            PredictionSeries p = asset.Predictions;
            ReadOnlySpan<long> times = asset.Times.Span;
            ReadOnlySpan<double> scores = p.Scores.Span;
            ReadOnlySpan<bool> alarms = p.Alarms.Span;
            ReadOnlySpan<double> service = p.TimeUntilService.Span;
            int lastScored = LastIndexOfNumber(scores);
            int lastService = LastIndexOfNumber(service);
            unranked.Add(new AssetSummary(
                asset.AssetId,
                0,
                times.IsEmpty ? null : times[^1],
                p.Count == 0 ? null : p.Times.Span[^1],
                lastScored < 0 ? double.NaN : scores[lastScored],
                lastScored >= 0 && alarms[lastScored],
                alarms.Count(true),
                lastService < 0 ? double.NaN : service[lastService]));
        }

        return [.. unranked
            .OrderByDescending(s => s.LatestAlarm)
            .ThenBy(s => double.IsNaN(s.TimeUntilService))
            .ThenBy(s => double.IsNaN(s.TimeUntilService) ? 0 : s.TimeUntilService)
            .ThenBy(s => double.IsNaN(s.LatestScore))
            .ThenByDescending(s => double.IsNaN(s.LatestScore) ? 0 : s.LatestScore)
            .ThenBy(s => s.AssetId, AssetIdComparer.Instance)
            .Select((s, i) => s with { RiskRank = i + 1 })];
    }

    private static int LastIndexOfNumber(ReadOnlySpan<double> values)
    {
        for (int i = values.Length - 1; i >= 0; i--)
        {
            if (!double.IsNaN(values[i]))
            {
                return i;
            }
        }

        return -1;
    }
}
