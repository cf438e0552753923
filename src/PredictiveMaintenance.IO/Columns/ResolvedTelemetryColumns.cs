namespace PredictiveMaintenance.IO;

/// <summary>A <see cref="TelemetryColumnMapping"/> resolved against one source: the schema and where each of its columns is.</summary>
/// <param name="Schema">The telemetry schema the source maps to.</param>
/// <param name="SourceColumnCount">How many columns the source has.</param>
/// <param name="AssetIndex">Source position of the asset column, or -1 when <paramref name="ConstantAssetId"/> applies.</param>
/// <param name="ConstantAssetId">The asset id of every row, when the source has no asset column.</param>
/// <param name="TimeIndex">Source position of the time column.</param>
/// <param name="ChannelIndexes">Source position of each channel, in schema order.</param>
public sealed record ResolvedTelemetryColumns(
    TelemetrySchema Schema,
    int SourceColumnCount,
    int AssetIndex,
    string? ConstantAssetId,
    int TimeIndex,
    IReadOnlyList<int> ChannelIndexes);
