namespace PredictiveMaintenance.Pipeline;

/// <summary>The steps of ingesting one staged file, in order.</summary>
public enum BatchStage
{
    /// <summary>The file was read and cleaned.</summary>
    Read,

    /// <summary>Its clean rows were committed to the telemetry table (or had been, by an interrupted run).</summary>
    TelemetryCommitted,

    /// <summary>Its rejected and late rows were committed to the quarantine table.</summary>
    QuarantineCommitted,

    /// <summary>Its features were committed to the features table, with the feature state saved beside.</summary>
    FeaturesCommitted,

    /// <summary>The batch was recorded in the ingest ledger: the file is done.</summary>
    Completed,
}

/// <summary>A step of the ingest, reported synchronously as soon as it is done (a progress display, or a test that stops the process there).</summary>
/// <param name="Sequence">The batch number.</param>
/// <param name="File">The staged file.</param>
/// <param name="Stage">The step just done.</param>
/// <param name="FileIndex">The file's position among the files of this run, from 0.</param>
/// <param name="FileCount">The number of files this run ingests.</param>
public sealed record BatchProgress(long Sequence, StagedFile File, BatchStage Stage, int FileIndex, int FileCount);
