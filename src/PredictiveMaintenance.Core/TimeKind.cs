namespace PredictiveMaintenance;

/// <summary>What the int64 time column of a <see cref="TelemetryTable"/> counts.</summary>
public enum TimeKind
{
    /// <summary>Microseconds since the Unix epoch, UTC (the unit of Delta Lake, Parquet and Arrow timestamps).</summary>
    UtcTimestamp,

    /// <summary>An ordinal such as an operating cycle (C-MAPSS) or a sample index; time-span windows do not apply.</summary>
    Cycle,
}
