namespace PredictiveMaintenance.Models.Anomaly;

/// <summary>
/// Fits an anomaly detector on normal operation: learns the model from normal rows, scores those rows, and sets the
/// detector's threshold from their scores with the options' <see cref="AnomalyDetectorOptions.Threshold"/> rule.
/// </summary>
/// <typeparam name="TDetector">The fitted detector.</typeparam>
/// <remarks>Trainers are immutable and thread-safe; each <c>Fit</c> is independent and deterministic for a seed.</remarks>
public abstract class AnomalyDetectorTrainer<TDetector>
    where TDetector : AnomalyDetector
{
    private readonly AnomalyDetectorOptions _options;

    // The options are init-only; the channel list is the one part a caller could still change, so it is copied.
    private readonly string[]? _channels;

    /// <summary>Creates a trainer.</summary>
    /// <param name="options">The options, validated here.</param>
    protected AnomalyDetectorTrainer(AnomalyDetectorOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _options = options;
        _channels = options.Channels?.ToArray();
    }

    /// <summary>The threshold rule used when the options give none.</summary>
    protected abstract ThresholdRule DefaultThreshold { get; }

    /// <summary>Fits a detector on normal rows.</summary>
    /// <param name="normal">Rows of normal operation; rows with a missing (NaN) feature are ignored.</param>
    /// <exception cref="ArgumentException">There are too few complete rows for this detector.</exception>
    public TDetector Fit(FeatureMatrix normal)
    {
        ArgumentNullException.ThrowIfNull(normal);
        TDetector detector = FitCore(normal);
        ThresholdRule rule = _options.Threshold ?? DefaultThreshold;
        AnomalyDetector fitted = detector.WithThreshold(rule.Fit(TrainingScores(detector, normal))).WithSmoothing(_options.Smoothing);
        return (TDetector)fitted;
    }

    /// <summary>Fits a detector on the rows of a table of normal operation, using the options' channels as features.</summary>
    /// <param name="normal">The table; each asset is a segment.</param>
    /// <exception cref="SchemaException">A channel of the options is not in the table.</exception>
    public TDetector Fit(TelemetryTable normal) => Fit(FeatureMatrix.FromTable(normal, _channels));

    /// <summary>Learns the model; the base class then sets the threshold and smoothing.</summary>
    /// <param name="normal">Rows of normal operation, possibly with NaN.</param>
    protected abstract TDetector FitCore(FeatureMatrix normal);

    /// <summary>The scores the threshold rule is fitted on: by default, the detector's scores of the training rows.</summary>
    /// <param name="detector">The detector just fitted.</param>
    /// <param name="normal">The training rows.</param>
    protected virtual double[] TrainingScores(TDetector detector, FeatureMatrix normal)
    {
        ArgumentNullException.ThrowIfNull(detector);
        return detector.Score(normal);
    }
}
