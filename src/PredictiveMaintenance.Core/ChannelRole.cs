namespace PredictiveMaintenance;

/// <summary>What a numeric channel of a telemetry table holds.</summary>
public enum ChannelRole
{
    /// <summary>A sensor reading; the channels features are computed from.</summary>
    Sensor,

    /// <summary>An operating setting or condition (C-MAPSS altitude, Mach number, throttle).</summary>
    Setting,

    /// <summary>A label carried with the readings (SKAB <c>anomaly</c>, <c>changepoint</c>).</summary>
    Label,
}
