namespace PredictiveMaintenance.Scoring;

/// <summary>What a model predicts for a row.</summary>
public enum PredictionKind
{
    /// <summary>An anomaly score (higher is more anomalous) and an alarm flag.</summary>
    Anomaly,

    /// <summary>The time until service: cycles, or hours for timestamped telemetry.</summary>
    TimeUntilService,
}
