namespace PredictiveMaintenance;

/// <summary>An error or alarm an asset raised at a time, which did not by itself stop it.</summary>
public readonly record struct ErrorEvent
{
    /// <summary>Creates an error event.</summary>
    /// <param name="assetId">The asset.</param>
    /// <param name="time">When, in UTC (an unspecified kind is read as UTC).</param>
    /// <param name="errorCode">The error type, such as <c>error3</c>.</param>
    public ErrorEvent(string assetId, DateTime time, string errorCode)
    {
        ArgumentException.ThrowIfNullOrEmpty(assetId);
        ArgumentException.ThrowIfNullOrEmpty(errorCode);
        AssetId = assetId;
        Time = UnixTime.EnsureUtc(time, nameof(time));
        ErrorCode = errorCode;
    }

    /// <summary>The asset.</summary>
    public string AssetId { get; }

    /// <summary>When, in UTC.</summary>
    public DateTime Time { get; }

    /// <summary>The error type.</summary>
    public string ErrorCode { get; }
}
