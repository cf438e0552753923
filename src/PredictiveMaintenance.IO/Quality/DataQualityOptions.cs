namespace PredictiveMaintenance.IO;

/// <summary>The rules of the cleaning step. Defaults accept any asset and value range and refuse only what cannot be right.</summary>
public sealed class DataQualityOptions
{
    /// <summary>Valid range per channel name; values outside are quarantined. Default: no ranges.</summary>
    public IReadOnlyDictionary<string, ValueRange> ChannelRanges { get; init; } = new Dictionary<string, ValueRange>();

    /// <summary>The asset ids allowed; rows of other assets are quarantined. Default (null): any asset.</summary>
    public IReadOnlySet<string>? KnownAssets { get; init; }

    /// <summary>The clock that decides what is in the future. Default: the system clock.</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <summary>How far past the clock a timestamp may be (clock skew between devices and this machine); null disables the check. Default: 5 minutes.</summary>
    public TimeSpan? FutureTolerance { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>What to do with rows older than an earlier row of their asset. Default: <see cref="OutOfOrderPolicy.Sort"/>.</summary>
    public OutOfOrderPolicy OutOfOrder { get; init; } = OutOfOrderPolicy.Sort;

    /// <summary>What to do with values written as NaN or infinity. Default: <see cref="NonFiniteValuePolicy.Quarantine"/>.</summary>
    public NonFiniteValuePolicy NonFiniteValues { get; init; } = NonFiniteValuePolicy.Quarantine;

    /// <summary>Checks that the settings make sense together.</summary>
    /// <param name="schema">The schema the rules apply to.</param>
    /// <exception cref="SchemaException">A range names a channel the schema does not have.</exception>
    /// <exception cref="ArgumentException">A range is empty or a tolerance is negative.</exception>
    public void Validate(TelemetrySchema schema)
    {
        ArgumentNullException.ThrowIfNull(schema);
        ArgumentNullException.ThrowIfNull(TimeProvider);
        foreach ((string channel, ValueRange range) in ChannelRanges)
        {
            schema.GetIndex(channel);
            if (!(range.Min <= range.Max))
            {
                throw new ArgumentException($"The range of channel '{channel}' is empty: {range}.");
            }
        }

        if (FutureTolerance < TimeSpan.Zero)
        {
            throw new ArgumentException($"FutureTolerance must not be negative; it is {FutureTolerance}.");
        }
    }
}
