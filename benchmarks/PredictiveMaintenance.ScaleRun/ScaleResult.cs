namespace PredictiveMaintenance.ScaleRun;

/// <summary>One scale run's measurements, written as JSON for docs/benchmarks.md and the plot.</summary>
internal sealed record ScaleResult(
    int Assets,
    int ReadingsPerAsset,
    string? StoppedBy,
    DateTime LastTime,
    int BatchRows,
    int Batches,
    long InputRows,
    long AcceptedRows,
    long QuarantinedRows,
    long FeatureRows,
    int Features,
    IReadOnlyList<StageTiming> Stages,
    long PeakWorkingSetBytes,
    long PeakHeapBytes,
    double GcPauseSeconds,
    long TrainRows,
    double TrainSeconds,
    long ScoreRows,
    double ScoreSeconds,
    int ProcessorCount,
    string Runtime,
    string OperatingSystem,
    DateTime FinishedUtc);

/// <summary>The wall and CPU seconds of one stage.</summary>
internal sealed record StageTiming(string Name, double WallSeconds, double CpuSeconds);
