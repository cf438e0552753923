namespace PredictiveMaintenance.Features;

/// <summary>
/// What one asset carries from one batch to the next: how many rows it has had, its last time, the tail of rows
/// that windows starting in the next batch still reach, and the running exponentially weighted states. Immutable.
/// </summary>
internal sealed class AssetState(long rowsSeen, long lastTime, long[] tailTimes, double[][] tailValues, EwmState[] ewm)
{
    /// <summary>Rows of the asset before the next batch (block alignment of row windows counts from its first row ever).</summary>
    public long RowsSeen { get; } = rowsSeen;

    /// <summary>Time of the asset's last row.</summary>
    public long LastTime { get; } = lastTime;

    /// <summary>Times of the kept tail.</summary>
    public long[] TailTimes { get; } = tailTimes;

    /// <summary>Values of the kept tail, one array per input channel of the spec.</summary>
    public double[][] TailValues { get; } = tailValues;

    /// <summary>One state per feature; only exponentially weighted features use theirs.</summary>
    public EwmState[] Ewm { get; } = ewm;
}
