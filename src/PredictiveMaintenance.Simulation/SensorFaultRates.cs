namespace PredictiveMaintenance.Simulation;

/// <summary>
/// How often sensors misbehave, as probabilities per reading. A reading has at most one row fault (dropout,
/// duplicate, clock skew, spike or missing value), drawn with these probabilities; stuck channels come on top.
/// </summary>
/// <remarks>
/// A clock skew is only drawn where the asset's previous reading was sent clean, so that the skewed row is always
/// older than a row already accepted and the data-quality layer can tell; its observed rate is therefore
/// <see cref="ClockSkew"/> times the share of clean readings, a relative difference of about the sum of the row rates.
/// </remarks>
public sealed class SensorFaultRates
{
    /// <summary>The default rates: a few faults per thousand readings.</summary>
    public static SensorFaultRates Default { get; } = new();

    /// <summary>No faults at all: every reading is sent once, on time and in range.</summary>
    public static SensorFaultRates None { get; } = new()
    {
        Dropout = 0, Duplicate = 0, ClockSkew = 0, Spike = 0, Missing = 0, StuckStart = 0,
    };

    /// <summary>A reading is never sent: its row is absent from the output. Default: 0.001.</summary>
    public double Dropout { get; init; } = 0.001;

    /// <summary>A reading is sent twice, byte for byte (the data-quality layer keeps the first). Default: 0.001.</summary>
    public double Duplicate { get; init; } = 0.001;

    /// <summary>
    /// A reading is stamped by a device clock that lags: its time is between two and three intervals early, so it
    /// arrives after a later-stamped row of its asset (quarantined as out of order). Default: 0.0005.
    /// </summary>
    public double ClockSkew { get; init; } = 0.0005;

    /// <summary>One channel of a reading is far above its plausible range (quarantined as out of range). Default: 0.001.</summary>
    public double Spike { get; init; } = 0.001;

    /// <summary>One channel of a reading is left empty (a missing value, kept as NaN). Default: 0.002.</summary>
    public double Missing { get; init; } = 0.002;

    /// <summary>Per channel and reading, the probability that the channel gets stuck, repeating its last value. Default: 0.0002.</summary>
    public double StuckStart { get; init; } = 0.0002;

    /// <summary>The fewest readings a stuck channel repeats its value for. Default: 3.</summary>
    public int StuckMinReadings { get; init; } = 3;

    /// <summary>The most readings a stuck channel repeats its value for. Default: 24.</summary>
    public int StuckMaxReadings { get; init; } = 24;

    /// <summary>The probability that a reading has a row fault: the sum of the row rates.</summary>
    public double RowFaultRate => Dropout + Duplicate + ClockSkew + Spike + Missing;

    /// <summary>Checks the rates as a whole.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A rate is not a probability, the row rates add up to more than one, or the stuck lengths are not a range of positive counts.</exception>
    public void Validate()
    {
        CheckProbability(Dropout, nameof(Dropout));
        CheckProbability(Duplicate, nameof(Duplicate));
        CheckProbability(ClockSkew, nameof(ClockSkew));
        CheckProbability(Spike, nameof(Spike));
        CheckProbability(Missing, nameof(Missing));
        CheckProbability(StuckStart, nameof(StuckStart));
        if (RowFaultRate > 1)
        {
            throw new ArgumentOutOfRangeException(nameof(RowFaultRate), RowFaultRate, "The row fault rates (dropout, duplicate, clock skew, spike, missing) must add up to at most 1.");
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(StuckMinReadings, 1, nameof(StuckMinReadings));
        ArgumentOutOfRangeException.ThrowIfLessThan(StuckMaxReadings, StuckMinReadings, nameof(StuckMaxReadings));
    }

    private static void CheckProbability(double value, string name)
    {
        if (!(value >= 0 && value <= 1))
        {
            throw new ArgumentOutOfRangeException(name, value, $"{name} must be a probability from 0 to 1.");
        }
    }
}
