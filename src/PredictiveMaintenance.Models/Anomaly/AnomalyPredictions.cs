namespace PredictiveMaintenance.Models.Anomaly;

/// <summary>What a detector says about rows: each row's raw score and its alarm.</summary>
public sealed class AnomalyPredictions
{
    private readonly double[] _scores;
    private readonly bool[] _alarms;

    internal AnomalyPredictions(double[] scores, bool[] alarms, double threshold, AlarmSmoothing smoothing)
    {
        _scores = scores;
        _alarms = alarms;
        Threshold = threshold;
        Smoothing = smoothing;
    }

    /// <summary>Rows.</summary>
    public int Count => _scores.Length;

    /// <summary>Each row's raw score: higher is more anomalous; NaN where the row cannot be scored (a missing value, or too little history for a windowed model).</summary>
    public ReadOnlySpan<double> Scores => _scores;

    /// <summary>Each row's alarm: its score over <see cref="Threshold"/>, smoothed by <see cref="Smoothing"/> within its segment.</summary>
    public ReadOnlySpan<bool> Alarms => _alarms;

    /// <summary>The threshold the scores were compared with.</summary>
    public double Threshold { get; }

    /// <summary>The alarm smoothing that was applied.</summary>
    public AlarmSmoothing Smoothing { get; }

    /// <summary>How many rows raise an alarm.</summary>
    public int AlarmCount => _alarms.AsSpan().Count(true);
}
