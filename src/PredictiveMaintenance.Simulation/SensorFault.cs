namespace PredictiveMaintenance.Simulation;

/// <summary>The kinds of sensor fault the simulator injects.</summary>
public enum SensorFaultKind
{
    /// <summary>The reading was never sent; its row is absent.</summary>
    Dropout,

    /// <summary>The reading was sent twice; the second copy is a duplicate row.</summary>
    Duplicate,

    /// <summary>The reading was stamped early by a lagging clock and arrives out of order.</summary>
    ClockSkew,

    /// <summary>One channel holds a value far above its plausible range.</summary>
    Spike,

    /// <summary>One channel was left empty.</summary>
    Missing,

    /// <summary>One channel repeats the value it had before instead of measuring.</summary>
    Stuck,
}

/// <summary>A fault the simulator injected: the ground truth the data-quality layer is checked against.</summary>
/// <param name="AssetId">The asset.</param>
/// <param name="Time">The reading's true time (UTC); for <see cref="SensorFaultKind.ClockSkew"/>, the row carries <paramref name="RecordedTime"/> instead.</param>
/// <param name="Kind">What went wrong.</param>
/// <param name="Channel">The channel at fault (spike, missing, stuck); null for faults of the whole row.</param>
/// <param name="RecordedTime">The time written in the row; differs from <paramref name="Time"/> only for a clock skew.</param>
public readonly record struct SensorFault(string AssetId, DateTime Time, SensorFaultKind Kind, string? Channel, DateTime RecordedTime);
