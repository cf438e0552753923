namespace PredictiveMaintenance.IO;

/// <summary>Why a row was quarantined instead of accepted.</summary>
public enum QuarantineReason
{
    /// <summary>The record has more or fewer fields than the header (a truncated line, a stray delimiter).</summary>
    WrongFieldCount,

    /// <summary>The asset id is empty or not valid UTF-8.</summary>
    InvalidAssetId,

    /// <summary>The asset is not in <see cref="DataQualityOptions.KnownAssets"/>.</summary>
    UnknownAsset,

    /// <summary>The time field does not parse in the configured format.</summary>
    UnparsableTime,

    /// <summary>The time is later than the clock allows (<see cref="DataQualityOptions.FutureTolerance"/>).</summary>
    FutureTime,

    /// <summary>A channel field is not a number.</summary>
    UnparsableValue,

    /// <summary>A channel value is NaN or infinite (written as such in the source; an empty field is a missing value instead).</summary>
    NonFiniteValue,

    /// <summary>A channel value is outside its configured range.</summary>
    OutOfRange,

    /// <summary>An earlier row has the same asset and time; the first one is kept.</summary>
    Duplicate,

    /// <summary>The row is older than rows of its asset already accepted (an earlier batch, or any earlier row under <see cref="OutOfOrderPolicy.Quarantine"/>).</summary>
    OutOfOrder,
}
