namespace PredictiveMaintenance.IO;

/// <summary>A source column read as a telemetry channel.</summary>
/// <param name="Column">The source column.</param>
/// <param name="Name">The channel's name in the table; the source header name when null (required for positional columns without a header).</param>
/// <param name="Role">What the channel holds.</param>
public sealed record ChannelMapping(ColumnReference Column, string? Name = null, ChannelRole Role = ChannelRole.Sensor);
