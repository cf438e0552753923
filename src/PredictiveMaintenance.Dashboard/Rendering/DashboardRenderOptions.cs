namespace PredictiveMaintenance.Dashboard;

/// <summary>How <see cref="DashboardRenderer"/> draws the page.</summary>
public sealed class DashboardRenderOptions
{
    /// <summary>The width of each chart in CSS pixels; default 960. Charts scale down to narrower windows.</summary>
    public int ChartWidth { get; init; } = 960;

    /// <summary>The height of each chart in CSS pixels; default 140.</summary>
    public int ChartHeight { get; init; } = 140;

    /// <summary>
    /// The time buckets each line is reduced to; default 300. Each bucket keeps its first, lowest, highest and last
    /// value, so a line has at most 4 points per bucket whatever the series' length, and no peak is lost.
    /// </summary>
    public int Buckets { get; init; } = 300;

    /// <summary>
    /// How many assets, in risk order, get a section with their charts and a bar of their time until service; default
    /// 100. The fleet table lists every asset whatever this is, so a page of a large fleet stays a size a browser opens
    /// (each section is six charts of up to 1,200 points) and shows first the assets that need attention.
    /// </summary>
    public int AssetSections { get; init; } = 100;

    /// <summary>Checks the options as a whole.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A size is too small for axes and labels, there are fewer than 2 buckets, or <see cref="AssetSections"/> is negative.</exception>
    public void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(ChartWidth, 200, nameof(ChartWidth));
        ArgumentOutOfRangeException.ThrowIfLessThan(ChartHeight, 80, nameof(ChartHeight));
        ArgumentOutOfRangeException.ThrowIfLessThan(Buckets, 2, nameof(Buckets));
        ArgumentOutOfRangeException.ThrowIfNegative(AssetSections, nameof(AssetSections));
    }
}
