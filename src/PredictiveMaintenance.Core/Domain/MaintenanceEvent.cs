namespace PredictiveMaintenance;

/// <summary>A maintenance record: an asset's component was serviced or replaced at a time.</summary>
public readonly record struct MaintenanceEvent
{
    /// <summary>Creates a maintenance event.</summary>
    /// <param name="assetId">The asset.</param>
    /// <param name="time">When, in UTC (an unspecified kind is read as UTC).</param>
    /// <param name="component">The component serviced, such as <c>comp2</c>.</param>
    /// <param name="kind">What was done.</param>
    public MaintenanceEvent(string assetId, DateTime time, string component, MaintenanceKind kind)
    {
        ArgumentException.ThrowIfNullOrEmpty(assetId);
        ArgumentException.ThrowIfNullOrEmpty(component);
        AssetId = assetId;
        Time = UnixTime.EnsureUtc(time, nameof(time));
        Component = component;
        Kind = kind;
    }

    /// <summary>The asset.</summary>
    public string AssetId { get; }

    /// <summary>When, in UTC.</summary>
    public DateTime Time { get; }

    /// <summary>The component serviced.</summary>
    public string Component { get; }

    /// <summary>What was done.</summary>
    public MaintenanceKind Kind { get; }
}
