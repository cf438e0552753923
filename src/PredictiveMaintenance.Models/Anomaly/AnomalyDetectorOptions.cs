namespace PredictiveMaintenance.Models.Anomaly;

/// <summary>What every anomaly-detector trainer is given: the features to use, how to threshold and how to smooth alarms.</summary>
/// <remarks>Each trainer has its own options class deriving from this one, with its own defaults documented there.</remarks>
public abstract class AnomalyDetectorOptions
{
    /// <summary>
    /// The channels used as features when fitting on a <see cref="TelemetryTable"/>; every channel but the labels when
    /// null (the default). Ignored when fitting on a <see cref="FeatureMatrix"/>, whose columns are the features.
    /// </summary>
    public IReadOnlyList<string>? Channels { get; init; }

    /// <summary>The threshold rule applied to the training rows' scores; each trainer documents its default.</summary>
    public ThresholdRule? Threshold { get; init; }

    /// <summary>The smoothing of alarms; <see cref="AlarmSmoothing.None"/> by default.</summary>
    public AlarmSmoothing Smoothing { get; init; } = AlarmSmoothing.None;

    /// <summary>Checks the options as a whole.</summary>
    /// <exception cref="ArgumentException">An option is out of range or inconsistent with another.</exception>
    public virtual void Validate()
    {
        if (Channels is { Count: 0 })
        {
            throw new ArgumentException("Channels must name at least one channel, or be null for every channel but the labels.", nameof(Channels));
        }
    }
}
