using System.Collections.ObjectModel;
using System.Text.Json.Nodes;

namespace PredictiveMaintenance.Models.Anomaly;

/// <summary>
/// A fitted anomaly detector: scores rows of features (higher is more anomalous), compares the scores with its
/// <see cref="Threshold"/>, smooths the alarms, and saves to a <see cref="ModelArtifact"/>. Every detector of the
/// family, native, ML.NET or TorchSharp, has this shape.
/// </summary>
/// <remarks>
/// <para>
/// Detectors are immutable and thread-safe: <see cref="WithThreshold(double)"/> and <see cref="WithSmoothing"/> return copies.
/// A row with a missing (NaN) feature scores NaN and raises no alarm; so does a row that a windowed detector cannot
/// score yet (the first rows of each segment).
/// </para>
/// <para>
/// To add a detector: derive from this class, implement <see cref="ScoreCore"/> and <see cref="WriteArtifact"/>, give
/// it a private constructor taking a <see cref="ModelArtifact"/> that calls the base constructor of the same signature,
/// and a trainer deriving from <see cref="AnomalyDetectorTrainer{TDetector}"/>.
/// </para>
/// </remarks>
public abstract class AnomalyDetector
{
    private const string FeaturesKey = "features";
    private const string ThresholdKey = "threshold";
    private const string SmoothingKey = "smoothing";

    /// <summary>Creates a detector of the given features, with no threshold yet (every score under it).</summary>
    /// <param name="featureNames">The features it scores, in order.</param>
    protected AnomalyDetector(IReadOnlyList<string> featureNames)
    {
        ArgumentNullException.ThrowIfNull(featureNames);
        ArgumentOutOfRangeException.ThrowIfZero(featureNames.Count, nameof(featureNames));
        FeatureNames = new ReadOnlyCollection<string>([.. featureNames]);
    }

    /// <summary>Reads the features, threshold and smoothing that every detector saves.</summary>
    /// <param name="artifact">The artifact, already checked with <see cref="ModelArtifact.EnsureModel"/>.</param>
    /// <exception cref="ModelArtifactException">The common parameters are missing or invalid.</exception>
    protected AnomalyDetector(ModelArtifact artifact)
    {
        ArgumentNullException.ThrowIfNull(artifact);
        JsonObject parameters = artifact.Parameters;
        if (parameters[FeaturesKey] is not JsonArray features || features.Count == 0 || features.Any(f => f?.GetValueKind() != System.Text.Json.JsonValueKind.String))
        {
            throw new ModelArtifactException($"The {artifact.ModelType} artifact has no valid '{FeaturesKey}' list of feature names.");
        }

        FeatureNames = new ReadOnlyCollection<string>([.. features.Select(f => (string)f!)]);
        Threshold = ReadDouble(artifact, parameters, ThresholdKey);
        if (parameters[SmoothingKey] is not JsonObject smoothing
            || smoothing["required"] is not JsonValue required || !required.TryGetValue(out int k)
            || smoothing["window"] is not JsonValue window || !window.TryGetValue(out int n)
            || n < 1 || k < 1 || k > n)
        {
            throw new ModelArtifactException($"The {artifact.ModelType} artifact has no valid '{SmoothingKey}' (required k of window n, 1 <= k <= n).");
        }

        Smoothing = new AlarmSmoothing(k, n);
    }

    /// <summary>The model type written to artifacts, such as <c>isolation-forest</c>.</summary>
    public abstract string ModelType { get; }

    /// <summary>The features scored, in order: the columns of a <see cref="FeatureMatrix"/>, or the channels taken from a table.</summary>
    public IReadOnlyList<string> FeatureNames { get; }

    /// <summary>The threshold: a row whose score is greater raises an alarm. Positive infinity (no alarm) until a trainer or <see cref="WithThreshold(double)"/> sets it.</summary>
    public double Threshold { get; private set; } = double.PositiveInfinity;

    /// <summary>The smoothing of alarms; <see cref="AlarmSmoothing.None"/> by default.</summary>
    public AlarmSmoothing Smoothing { get; private set; }

    /// <summary>Scores rows into a buffer.</summary>
    /// <param name="rows">The rows, with <see cref="FeatureNames"/>.Count columns.</param>
    /// <param name="destination">One score per row.</param>
    /// <exception cref="ArgumentException">The column count or the destination length is wrong.</exception>
    public void Score(FeatureMatrix rows, Span<double> destination)
    {
        CheckColumns(rows);
        if (destination.Length != rows.RowCount)
        {
            throw new ArgumentException($"The destination holds {destination.Length} scores; there are {rows.RowCount} rows.", nameof(destination));
        }

        ScoreCore(rows, destination);
    }

    /// <summary>
    /// Scores rows given as row-major values, without building a <see cref="FeatureMatrix"/>: the form online scoring
    /// uses, one reading or a small batch at a time. The scores equal those of <see cref="Score(FeatureMatrix, Span{double})"/>
    /// for the same rows, bit for bit.
    /// </summary>
    /// <param name="rows">The rows' values, row after row, <see cref="FeatureNames"/>.Count per row; NaN marks a missing value.</param>
    /// <param name="destination">One score per row.</param>
    /// <remarks>
    /// Isolation forests score here without allocating; other detectors may copy the rows into a matrix. Detectors
    /// score each row on its own, so the rows need not belong to one segment.
    /// </remarks>
    /// <exception cref="ArgumentException">The values are not <paramref name="destination"/>.Length rows of the detector's features.</exception>
    public void ScoreRows(ReadOnlySpan<double> rows, Span<double> destination)
    {
        if (rows.Length != destination.Length * FeatureNames.Count)
        {
            throw new ArgumentException($"The {ModelType} detector scores {FeatureNames.Count} features per row; {rows.Length} values are not {destination.Length} rows of them.", nameof(rows));
        }

        ScoreRowsCore(rows, destination);
    }

    /// <summary>Scores rows.</summary>
    /// <param name="rows">The rows, with <see cref="FeatureNames"/>.Count columns.</param>
    /// <returns>One score per row; higher is more anomalous, NaN where a row cannot be scored.</returns>
    public double[] Score(FeatureMatrix rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        double[] scores = new double[rows.RowCount];
        Score(rows, scores);
        return scores;
    }

    /// <summary>Scores every row of a table, taking the channels named by <see cref="FeatureNames"/>.</summary>
    /// <param name="table">The table.</param>
    /// <exception cref="SchemaException">A feature is not a channel of the table.</exception>
    public double[] Score(TelemetryTable table) => Score(FeatureMatrix.FromTable(table, FeatureNames));

    /// <summary>Scores rows and raises alarms.</summary>
    /// <param name="rows">The rows; alarms are smoothed within each of its segments.</param>
    public AnomalyPredictions Predict(FeatureMatrix rows)
    {
        double[] scores = Score(rows);
        bool[] alarms = new bool[scores.Length];
        for (int i = 0; i < scores.Length; i++)
        {
            alarms[i] = scores[i] > Threshold;
        }

        ReadOnlySpan<int> offsets = rows.SegmentOffsets;
        for (int s = 0; s < rows.SegmentCount; s++)
        {
            Span<bool> segment = alarms.AsSpan(offsets[s], offsets[s + 1] - offsets[s]);
            Smoothing.Apply(segment, segment);
        }

        return new AnomalyPredictions(scores, alarms, Threshold, Smoothing);
    }

    /// <summary>Scores every row of a table and raises alarms, smoothed within each asset.</summary>
    /// <param name="table">The table.</param>
    /// <exception cref="SchemaException">A feature is not a channel of the table.</exception>
    public AnomalyPredictions Predict(TelemetryTable table) => Predict(FeatureMatrix.FromTable(table, FeatureNames));

    /// <summary>A copy of this detector with another threshold.</summary>
    /// <param name="threshold">The threshold; not NaN.</param>
    public AnomalyDetector WithThreshold(double threshold)
    {
        if (double.IsNaN(threshold))
        {
            throw new ArgumentOutOfRangeException(nameof(threshold), "The threshold must not be NaN.");
        }

        var copy = (AnomalyDetector)MemberwiseClone();
        copy.Threshold = threshold;
        return copy;
    }

    /// <summary>A copy of this detector whose threshold is chosen by a rule from the scores of normal rows.</summary>
    /// <param name="rule">The rule.</param>
    /// <param name="normal">Normal rows to score.</param>
    public AnomalyDetector WithThreshold(ThresholdRule rule, FeatureMatrix normal)
    {
        ArgumentNullException.ThrowIfNull(rule);
        return WithThreshold(rule.Fit(Score(normal)));
    }

    /// <summary>A copy of this detector with another alarm smoothing.</summary>
    /// <param name="smoothing">The smoothing.</param>
    public AnomalyDetector WithSmoothing(AlarmSmoothing smoothing)
    {
        var copy = (AnomalyDetector)MemberwiseClone();
        copy.Smoothing = smoothing;
        return copy;
    }

    /// <summary>The detector as an artifact: its type, features, threshold, smoothing and fitted state.</summary>
    public ModelArtifact ToArtifact()
    {
        var parameters = new JsonObject
        {
            [FeaturesKey] = new JsonArray([.. FeatureNames.Select(n => (JsonNode?)n)]),
            [ThresholdKey] = ToJson(Threshold),
            [SmoothingKey] = new JsonObject { ["required"] = Smoothing.Required, ["window"] = Smoothing.Window },
        };
        return WriteArtifact(parameters);
    }

    /// <summary>Saves the detector to an artifact file.</summary>
    /// <param name="path">The file, replaced if it exists.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    public Task SaveAsync(string path, CancellationToken cancellationToken = default) => ToArtifact().SaveAsync(path, cancellationToken);

    /// <summary>Scores rows whose column count has been checked.</summary>
    /// <param name="rows">The rows.</param>
    /// <param name="destination">One score per row, the right length.</param>
    protected abstract void ScoreCore(FeatureMatrix rows, Span<double> destination);

    /// <summary>Scores row-major rows whose length has been checked; by default through a one-segment <see cref="FeatureMatrix"/>.</summary>
    /// <param name="rows">The values, <see cref="FeatureNames"/>.Count per row.</param>
    /// <param name="destination">One score per row, the right length.</param>
    protected virtual void ScoreRowsCore(ReadOnlySpan<double> rows, Span<double> destination) =>
        ScoreCore(new FeatureMatrix(rows, FeatureNames.Count, FeatureNames), destination);

    /// <summary>Builds the artifact from the common parameters, adding the detector's own parameters and payloads.</summary>
    /// <param name="parameters">The common parameters (features, threshold, smoothing); add to it.</param>
    protected abstract ModelArtifact WriteArtifact(JsonObject parameters);

    /// <summary>Reads a number written by <see cref="ToJson"/>.</summary>
    /// <param name="artifact">The artifact, for messages.</param>
    /// <param name="parameters">Where to read.</param>
    /// <param name="key">The parameter.</param>
    /// <exception cref="ModelArtifactException">The parameter is missing or not a number.</exception>
    protected static double ReadDouble(ModelArtifact artifact, JsonObject parameters, string key)
    {
        ArgumentNullException.ThrowIfNull(artifact);
        ArgumentNullException.ThrowIfNull(parameters);
        return parameters[key] is JsonValue value && value.TryGetValue(out double number)
            ? number
            : parameters[key] is JsonValue text && text.TryGetValue(out string? s) && s is "Infinity" or "-Infinity"
                ? (s == "Infinity" ? double.PositiveInfinity : double.NegativeInfinity)
                : throw new ModelArtifactException($"The {artifact.ModelType} artifact has no valid number '{key}'.");
    }

    /// <summary>A number as JSON: itself when finite, <c>"Infinity"</c> or <c>"-Infinity"</c> otherwise (JSON has no infinities).</summary>
    /// <param name="value">The number; not NaN.</param>
    protected static JsonNode ToJson(double value) =>
        double.IsFinite(value) ? JsonValue.Create(value) : JsonValue.Create(double.IsPositiveInfinity(value) ? "Infinity" : "-Infinity");

    /// <summary>Reads an integer parameter.</summary>
    /// <param name="artifact">The artifact, for messages.</param>
    /// <param name="parameters">Where to read.</param>
    /// <param name="key">The parameter.</param>
    /// <exception cref="ModelArtifactException">The parameter is missing or not an integer.</exception>
    protected static int ReadInt(ModelArtifact artifact, JsonObject parameters, string key)
    {
        ArgumentNullException.ThrowIfNull(artifact);
        ArgumentNullException.ThrowIfNull(parameters);
        return parameters[key] is JsonValue value && value.TryGetValue(out int number)
            ? number
            : throw new ModelArtifactException($"The {artifact.ModelType} artifact has no valid integer '{key}'.");
    }

    private void CheckColumns(FeatureMatrix rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        if (rows.ColumnCount != FeatureNames.Count)
        {
            throw new ArgumentException($"The {ModelType} detector scores {FeatureNames.Count} features ({string.Join(", ", FeatureNames)}); the rows have {rows.ColumnCount} columns.", nameof(rows));
        }
    }
}
