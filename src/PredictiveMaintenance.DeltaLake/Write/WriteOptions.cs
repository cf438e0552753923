using System.Collections.ObjectModel;

namespace PredictiveMaintenance.DeltaLake;

/// <summary>How a table is created: partition columns, table properties, name and description.</summary>
public sealed class DeltaCreateOptions
{
    /// <summary>The partition columns, in directory order; default none. Each must be a primitive column of the schema.</summary>
    public IReadOnlyList<string> PartitionColumns { get; init; } = [];

    /// <summary>
    /// Table properties; default none. Keys outside <c>delta.*</c> are free. Of the protocol's keys, those that need no
    /// table feature are accepted (<c>delta.appendOnly</c>, <c>delta.checkpointInterval</c>, <c>delta.logRetentionDuration</c>,
    /// <c>delta.deletedFileRetentionDuration</c>, <c>delta.dataSkippingNumIndexedCols</c>); the rest are refused.
    /// </summary>
    public IReadOnlyDictionary<string, string> Properties { get; init; } = new ReadOnlyDictionary<string, string>(new Dictionary<string, string>());

    /// <summary>A user-facing name of the table; default none.</summary>
    public string? Name { get; init; }

    /// <summary>A user-facing description of the table; default none.</summary>
    public string? Description { get; init; }
}

/// <summary>Options of one write: idempotency, schema evolution, table properties set with the rows, and the snapshot it is based on.</summary>
public sealed class DeltaWriteOptions
{
    /// <summary>
    /// The application id of an idempotent write; default none. With <see cref="ApplicationVersion"/>, the commit records a
    /// <c>txn</c> action, and a write whose version is not above the table's recorded version for this id writes nothing
    /// (PROTOCOL.md, Transaction Identifiers).
    /// </summary>
    public string? ApplicationId { get; init; }

    /// <summary>The application's version of this write (e.g. a batch number), increasing per application id; required with <see cref="ApplicationId"/>.</summary>
    public long? ApplicationVersion { get; init; }

    /// <summary>Adds columns of the data that the table lacks, as nullable columns, instead of failing; default false.</summary>
    public bool MergeSchema { get; init; }

    /// <summary>
    /// Table properties to set or change in the same commit as the rows (one <c>metaData</c> action); default none.
    /// Properties not named keep their values; the keys allowed are those of <see cref="DeltaCreateOptions.Properties"/>.
    /// Setting a property to the value it has changes nothing.
    /// </summary>
    /// <remarks>
    /// A commit that changes the metadata conflicts with any concurrent commit that changes it too
    /// (<see cref="DeltaConcurrencyException"/>), so a value derived from what <see cref="ReadSnapshot"/> recorded is never
    /// written over a newer one.
    /// </remarks>
    public IReadOnlyDictionary<string, string>? TableProperties { get; init; }

    /// <summary>
    /// The snapshot the write is based on: the version whose rows, schema and properties the caller read to decide what to
    /// write; default (null) the latest version when the write starts. Commits since then are checked for conflicts as
    /// after a lost race: a blind append goes on top of them, an overwrite or a metadata change that they touch fails.
    /// </summary>
    public DeltaSnapshot? ReadSnapshot { get; init; }

    internal void Validate()
    {
        if ((ApplicationId is null) != (ApplicationVersion is null))
        {
            throw new ArgumentException("ApplicationId and ApplicationVersion are set together or not at all.", nameof(ApplicationId));
        }

        if (ApplicationId is not null)
        {
            ArgumentException.ThrowIfNullOrEmpty(ApplicationId, nameof(ApplicationId));
            ArgumentOutOfRangeException.ThrowIfNegative(ApplicationVersion!.Value, nameof(ApplicationVersion));
        }

        if (TableProperties is not null)
        {
            DeltaTable.CheckProperties(TableProperties.Keys);
        }
    }
}

/// <summary>What a write did.</summary>
/// <param name="Version">The version committed, or null when the write was skipped as already applied.</param>
/// <param name="FilesAdded">Data files added.</param>
/// <param name="FilesRemoved">Data files removed.</param>
/// <param name="RowsWritten">Rows written.</param>
/// <param name="Retries">Times the commit lost the race for a version and was retried.</param>
public sealed record DeltaCommitResult(long? Version, int FilesAdded, int FilesRemoved, long RowsWritten, int Retries)
{
    /// <summary>Whether the write was skipped because the table already holds this application version.</summary>
    public bool Skipped => Version is null;
}

/// <summary>What a vacuum found and, unless it was a dry run, deleted.</summary>
/// <param name="Files">The files no longer referenced and older than the retention period, relative to the table root, ordered.</param>
/// <param name="Bytes">Their total size in bytes.</param>
/// <param name="DryRun">Whether the files were only listed.</param>
public sealed record DeltaVacuumResult(IReadOnlyList<string> Files, long Bytes, bool DryRun);
