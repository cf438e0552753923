namespace PredictiveMaintenance;

/// <summary>
/// The column names of a predictions table, the contract between the layer that writes predictions (scoring) and those
/// that read them (the dashboard, the batch pipeline, users' queries); the table's layout and types are described by
/// <c>PredictionTable</c> in PredictiveMaintenance.Scoring.
/// </summary>
public static class PredictionColumns
{
    /// <summary>The asset column.</summary>
    public const string Asset = "asset";

    /// <summary>The time column.</summary>
    public const string Time = "time";

    /// <summary>The anomaly score column.</summary>
    public const string Score = "score";

    /// <summary>The alarm column.</summary>
    public const string Alarm = "alarm";

    /// <summary>The time-until-service column.</summary>
    public const string TimeUntilService = "time_until_service";

    /// <summary>The model name column.</summary>
    public const string ModelName = "model_name";

    /// <summary>The model version column.</summary>
    public const string ModelVersion = "model_version";

    /// <summary>The scoring time column.</summary>
    public const string ScoringTime = "scoring_time";

    /// <summary>The input table version column.</summary>
    public const string InputTableVersion = "input_table_version";
}
