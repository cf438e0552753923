namespace PredictiveMaintenance.Scoring;

/// <summary>What an online scorer says about one reading.</summary>
/// <param name="AssetId">The reading's asset.</param>
/// <param name="Time">The reading's time (microseconds since the Unix epoch, or a cycle).</param>
/// <param name="Score">The anomaly score; NaN when the reading cannot be scored (a feature is missing, such as a window with too few values).</param>
/// <param name="Alarm">Whether the reading raises an alarm (score over the threshold, smoothed over the asset's recent readings).</param>
/// <param name="ModelVersion">The registered version that scored it.</param>
public readonly record struct OnlinePrediction(string AssetId, long Time, double Score, bool Alarm, int ModelVersion)
{
    /// <summary>Whether the reading was scored (its score is not NaN).</summary>
    public bool IsScored => !double.IsNaN(Score);
}
