namespace PredictiveMaintenance;

/// <summary>A failure record: an asset's component failed at a time.</summary>
public readonly record struct FailureEvent
{
    /// <summary>Creates a failure event.</summary>
    /// <param name="assetId">The asset.</param>
    /// <param name="time">When, in UTC (an unspecified kind is read as UTC).</param>
    /// <param name="component">The component that failed, such as <c>comp4</c>.</param>
    public FailureEvent(string assetId, DateTime time, string component)
    {
        ArgumentException.ThrowIfNullOrEmpty(assetId);
        ArgumentException.ThrowIfNullOrEmpty(component);
        AssetId = assetId;
        Time = UnixTime.EnsureUtc(time, nameof(time));
        Component = component;
    }

    /// <summary>The asset.</summary>
    public string AssetId { get; }

    /// <summary>When, in UTC.</summary>
    public DateTime Time { get; }

    /// <summary>The component that failed.</summary>
    public string Component { get; }
}
