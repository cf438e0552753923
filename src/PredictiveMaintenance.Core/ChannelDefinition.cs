namespace PredictiveMaintenance;

/// <summary>A numeric channel of a telemetry table: its column name and its role.</summary>
/// <param name="Name">The column name, unique within a schema (ordinal comparison).</param>
/// <param name="Role">What the channel holds.</param>
public readonly record struct ChannelDefinition(string Name, ChannelRole Role = ChannelRole.Sensor);
