using PredictiveMaintenance.Tracking;

namespace PredictiveMaintenance.Scoring;

/// <summary>
/// What batch scoring produced: the feature table the model read, one prediction per row of it, and the rows that could
/// not be scored.
/// </summary>
/// <remarks>
/// A rolling feature specification gives one feature row per input row (same assets and times); a tumbling one gives
/// one row per asset and bucket. A row whose prediction is NaN (a missing model input, typically a window with fewer
/// values than its minimum periods at the start of an asset's history) is listed in <see cref="Unscored"/>, counted in
/// <see cref="UnscoredCount"/>, and not written to a predictions table.
/// </remarks>
public sealed class ScoringResult
{
    private readonly double[] _values;
    private readonly bool[]? _alarms;

    internal ScoringResult(ModelVersion version, PredictionKind kind, TelemetryTable features, double[] values, bool[]? alarms, IReadOnlyList<UnscoredRow> unscored)
    {
        Version = version;
        Kind = kind;
        Features = features;
        _values = values;
        _alarms = alarms;
        Unscored = unscored;
    }

    /// <summary>The registered version that scored.</summary>
    public ModelVersion Version { get; }

    /// <summary>What the values are.</summary>
    public PredictionKind Kind { get; }

    /// <summary>The feature table the model read (the input itself for a model without a feature specification).</summary>
    public TelemetryTable Features { get; }

    /// <summary>Rows of <see cref="Features"/>, scored or not.</summary>
    public int RowCount => _values.Length;

    /// <summary>Rows scored.</summary>
    public int ScoredCount => _values.Length - Unscored.Count;

    /// <summary>Rows that could not be scored.</summary>
    public int UnscoredCount => Unscored.Count;

    /// <summary>Each row's anomaly score or time until service; NaN where it could not be scored.</summary>
    public ReadOnlySpan<double> Values => _values;

    /// <summary>Each row's alarm (anomaly models); empty for other models.</summary>
    public ReadOnlySpan<bool> Alarms => _alarms;

    /// <summary>The rows that could not be scored, in row order.</summary>
    public IReadOnlyList<UnscoredRow> Unscored { get; }

    /// <summary>How many rows raise an alarm.</summary>
    public int AlarmCount => _alarms is null ? 0 : _alarms.AsSpan().Count(true);
}
