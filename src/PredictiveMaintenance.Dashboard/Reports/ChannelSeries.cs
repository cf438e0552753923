namespace PredictiveMaintenance.Dashboard;

/// <summary>The readings of one telemetry channel of one asset, aligned with <see cref="AssetSeries.Times"/>.</summary>
/// <param name="Name">The channel's name.</param>
/// <param name="Values">One value per reading; NaN for a missing reading. The report keeps this memory: do not change it afterwards.</param>
public sealed record ChannelSeries(string Name, ReadOnlyMemory<double> Values);
