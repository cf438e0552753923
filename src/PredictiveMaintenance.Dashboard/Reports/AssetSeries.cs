using System.Collections.ObjectModel;

namespace PredictiveMaintenance.Dashboard;

/// <summary>Everything the dashboard draws for one asset: its telemetry channels and its predictions over time.</summary>
public sealed class AssetSeries
{
    /// <summary>Creates the series of an asset.</summary>
    /// <param name="assetId">The asset id; not empty.</param>
    /// <param name="times">The telemetry reading times, microseconds since the Unix epoch (UTC) or cycles, strictly increasing.</param>
    /// <param name="channels">The channels to draw, each with one value per reading.</param>
    /// <param name="predictions">The asset's predictions; <see cref="PredictionSeries.Empty"/> when it has none.</param>
    /// <exception cref="ArgumentException">A channel's length differs from the times', or the times do not increase.</exception>
    /// <remarks>The series keeps the memory it is given: do not change it afterwards.</remarks>
    public AssetSeries(string assetId, ReadOnlyMemory<long> times, IEnumerable<ChannelSeries> channels, PredictionSeries predictions)
    {
        ArgumentException.ThrowIfNullOrEmpty(assetId);
        ArgumentNullException.ThrowIfNull(channels);
        ArgumentNullException.ThrowIfNull(predictions);
        ChannelSeries[] copy = [.. channels];
        foreach (ChannelSeries channel in copy)
        {
            ArgumentNullException.ThrowIfNull(channel, nameof(channels));
            if (channel.Values.Length != times.Length)
            {
                throw new ArgumentException(FormattableString.Invariant($"Channel '{channel.Name}' of asset '{assetId}' has {channel.Values.Length} values for {times.Length} readings."), nameof(channels));
            }
        }

        ReadOnlySpan<long> t = times.Span;
        for (int i = 1; i < t.Length; i++)
        {
            if (t[i] <= t[i - 1])
            {
                throw new ArgumentException(FormattableString.Invariant($"Telemetry times of asset '{assetId}' must increase; reading {i} is not after reading {i - 1}."), nameof(times));
            }
        }

        AssetId = assetId;
        Times = times;
        Channels = new ReadOnlyCollection<ChannelSeries>(copy);
        Predictions = predictions;
    }

    /// <summary>The asset id.</summary>
    public string AssetId { get; }

    /// <summary>The telemetry reading times, strictly increasing.</summary>
    public ReadOnlyMemory<long> Times { get; }

    /// <summary>The telemetry channels, each aligned with <see cref="Times"/>.</summary>
    public IReadOnlyList<ChannelSeries> Channels { get; }

    /// <summary>The asset's predictions over time.</summary>
    public PredictionSeries Predictions { get; }
}
