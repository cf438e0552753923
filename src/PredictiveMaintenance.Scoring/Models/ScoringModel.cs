using System.Collections.ObjectModel;
using PredictiveMaintenance.Models.Anomaly;

namespace PredictiveMaintenance.Scoring;

/// <summary>
/// A loaded model as a scorer sees it: the columns it reads from a feature table, and one prediction per row of that
/// table. Anomaly detectors of PredictiveMaintenance.Models are wrapped by <see cref="FromAnomalyDetector"/>; models of
/// other packages (TorchSharp sequence regressors) by <see cref="FromRowPredictor"/>, inside the loader an application
/// registers with <see cref="ScoringModelLoaders.Add"/>.
/// </summary>
/// <remarks>Implementations must be safe to call from several threads, or serialise their calls themselves.</remarks>
public abstract class ScoringModel : IDisposable
{
    /// <summary>Creates a model.</summary>
    /// <param name="modelType">The artifact's model type.</param>
    /// <param name="kind">What it predicts.</param>
    /// <param name="inputs">The columns it reads, in order; at least one.</param>
    protected ScoringModel(string modelType, PredictionKind kind, IReadOnlyList<string> inputs)
    {
        ArgumentException.ThrowIfNullOrEmpty(modelType);
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentOutOfRangeException.ThrowIfZero(inputs.Count, nameof(inputs));
        ModelType = modelType;
        Kind = kind;
        Inputs = new ReadOnlyCollection<string>([.. inputs]);
    }

    /// <summary>The artifact's model type, such as <c>isolation-forest</c>.</summary>
    public string ModelType { get; }

    /// <summary>What the model predicts.</summary>
    public PredictionKind Kind { get; }

    /// <summary>The columns of the feature table the model reads, in order.</summary>
    public IReadOnlyList<string> Inputs { get; }

    /// <summary>Predicts every row of a feature table.</summary>
    /// <param name="features">The features (or raw channels, for a model without a feature specification), one segment per asset.</param>
    /// <returns>One value per row (NaN where the row cannot be scored) and, for anomaly models, one alarm per row.</returns>
    public abstract ModelOutput Predict(TelemetryTable features);

    /// <summary>Wraps an anomaly detector: its score per row, and its alarm (threshold, then smoothing within each asset).</summary>
    /// <param name="detector">The detector.</param>
    public static ScoringModel FromAnomalyDetector(AnomalyDetector detector)
    {
        ArgumentNullException.ThrowIfNull(detector);
        return new AnomalyScoringModel(detector);
    }

    /// <summary>
    /// Wraps a model that predicts the time until service at every row of a table, such as
    /// <c>SequenceRegressionModel.PredictRows</c> of PredictiveMaintenance.Models.Torch. Calls are serialised, as such
    /// models need not be thread-safe.
    /// </summary>
    /// <param name="modelType">The artifact's model type.</param>
    /// <param name="inputs">The channels the model reads.</param>
    /// <param name="predictRows">Predicts one value per row of a table, in table order.</param>
    /// <param name="owner">Disposed with the scoring model (the wrapped model), if any.</param>
    public static ScoringModel FromRowPredictor(string modelType, IReadOnlyList<string> inputs, Func<TelemetryTable, double[]> predictRows, IDisposable? owner = null)
    {
        ArgumentNullException.ThrowIfNull(predictRows);
        return new RowPredictorScoringModel(modelType, inputs, predictRows, owner);
    }

    /// <summary>Releases what the model holds (native memory of a TorchSharp network).</summary>
    public void Dispose()
    {
        Dispose(disposing: true);
        GC.SuppressFinalize(this);
    }

    /// <summary>Releases what the model holds.</summary>
    /// <param name="disposing">Whether called from <see cref="Dispose()"/>.</param>
    protected virtual void Dispose(bool disposing)
    {
    }
}

/// <summary>A model's predictions for the rows of a feature table.</summary>
/// <param name="Values">One value per row: the anomaly score or the time until service; NaN where the row cannot be scored.</param>
/// <param name="Alarms">One alarm per row for anomaly models; null for other models.</param>
public sealed record ModelOutput(double[] Values, bool[]? Alarms);

/// <summary>An anomaly detector of PredictiveMaintenance.Models behind the scoring contract.</summary>
internal sealed class AnomalyScoringModel(AnomalyDetector detector) : ScoringModel(detector.ModelType, PredictionKind.Anomaly, detector.FeatureNames)
{
    public AnomalyDetector Detector { get; } = detector;

    public override ModelOutput Predict(TelemetryTable features)
    {
        AnomalyPredictions predictions = Detector.Predict(features);
        return new ModelOutput(predictions.Scores.ToArray(), predictions.Alarms.ToArray());
    }
}

/// <summary>A row regressor behind the scoring contract, called by one thread at a time.</summary>
internal sealed class RowPredictorScoringModel(string modelType, IReadOnlyList<string> inputs, Func<TelemetryTable, double[]> predictRows, IDisposable? owner)
    : ScoringModel(modelType, PredictionKind.TimeUntilService, inputs)
{
    private readonly Lock _gate = new();

    public override ModelOutput Predict(TelemetryTable features)
    {
        double[] values;
        lock (_gate)
        {
            values = predictRows(features);
        }

        return values.Length == features.RowCount
            ? new ModelOutput(values, null)
            : throw new InvalidOperationException($"The {ModelType} model predicted {values.Length} values for {features.RowCount} rows.");
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            owner?.Dispose();
        }

        base.Dispose(disposing);
    }
}
