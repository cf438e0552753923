using PredictiveMaintenance.Storage;
namespace PredictiveMaintenance.DeltaLake;

/// <summary>How a <see cref="DeltaTable"/> writes and reaches its store: clock, file naming, commit retries, checkpoints and storage credentials. Validated when the table is opened.</summary>
public sealed class DeltaTableOptions
{
    /// <summary>The clock for commit timestamps, file modification times in the log and vacuum retention; default <see cref="TimeProvider.System"/>.</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <summary>Creates the unique part of new data file names; default <see cref="Guid.NewGuid"/>. Names must never repeat.</summary>
    public Func<Guid> FileIdGenerator { get; init; } = Guid.NewGuid;

    /// <summary>How many times a commit that lost the race for its version is retried against the winners before failing; default 10.</summary>
    public int MaxCommitRetries { get; init; } = 10;

    /// <summary>A checkpoint is written after every commit whose version is a multiple of this; default 10. The table property <c>delta.checkpointInterval</c> overrides it.</summary>
    public int CheckpointInterval { get; init; } = 10;

    /// <summary>The most rows in one row group of a data file; default 1,048,576.</summary>
    public int RowGroupSize { get; init; } = 1 << 20;

    /// <summary>The engine named in each commit's <c>commitInfo.engineInfo</c>; default <c>PredictiveMaintenance.DeltaLake/&lt;version&gt;</c>.</summary>
    public string EngineInfo { get; init; } = "PredictiveMaintenance.DeltaLake/" + typeof(DeltaTableOptions).Assembly.GetName().Version?.ToString(3);

    /// <summary>Credentials and retries for tables in object storage; default: credentials from the environment, 5 retries.</summary>
    public StorageOptions Storage { get; init; } = new();

    internal void Validate()
    {
        ArgumentNullException.ThrowIfNull(Storage, nameof(Storage));
        ArgumentNullException.ThrowIfNull(TimeProvider, nameof(TimeProvider));
        ArgumentNullException.ThrowIfNull(FileIdGenerator, nameof(FileIdGenerator));
        ArgumentOutOfRangeException.ThrowIfNegative(MaxCommitRetries, nameof(MaxCommitRetries));
        ArgumentOutOfRangeException.ThrowIfLessThan(CheckpointInterval, 1, nameof(CheckpointInterval));
        ArgumentOutOfRangeException.ThrowIfLessThan(RowGroupSize, 1, nameof(RowGroupSize));
        ArgumentException.ThrowIfNullOrEmpty(EngineInfo, nameof(EngineInfo));
    }
}
