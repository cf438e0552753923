namespace PredictiveMaintenance.Features;

/// <summary>
/// What one asset carries from one batch to the next: how many rows it has had, its last time, the tail of rows
/// that windows starting in the next batch still reach, and the running exponentially weighted states. Immutable.
/// </summary>
/// <remarks>
/// The tail is a range of the arrays it came from (the concatenated tail and batch of a computation, or the JSON
/// form), so a batch keeps each asset's tail without copying it; <see cref="FeatureState"/> packs the tails of all
/// assets into flat arrays.
/// </remarks>
internal sealed class AssetState(long rowsSeen, long lastTime, ArraySegment<long> tailTimes, ArraySegment<double>[] tailValues, EwmState[] ewm)
{
    /// <summary>Rows of the asset before the next batch (block alignment of row windows counts from its first row ever).</summary>
    public long RowsSeen { get; } = rowsSeen;

    /// <summary>Time of the asset's last row.</summary>
    public long LastTime { get; } = lastTime;

    /// <summary>Times of the kept tail.</summary>
    public ArraySegment<long> TailTimes { get; } = tailTimes;

    /// <summary>Values of the kept tail, one segment per input channel of the spec.</summary>
    public ArraySegment<double>[] TailValues { get; } = tailValues;

    /// <summary>One state per feature; only exponentially weighted features use theirs.</summary>
    public EwmState[] Ewm { get; } = ewm;
}
