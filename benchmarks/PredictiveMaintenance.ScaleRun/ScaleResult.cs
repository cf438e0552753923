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

/// <summary>One batch run of the distributed scale curve: 0 workers is a single-process <c>pdm run</c>.</summary>
internal sealed record DistributedScaleResult(int Repeat, int Workers, int Files, long RowsAccepted, double WallSeconds, double CpuSeconds, int Shards, StorageRequests Requests);
