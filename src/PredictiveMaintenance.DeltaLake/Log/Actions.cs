namespace PredictiveMaintenance.DeltaLake;

/// <summary>The protocol action: the reader and writer versions and table features a client needs (PROTOCOL.md, Protocol Evolution).</summary>
/// <param name="MinReaderVersion">The lowest reader version that can read the table.</param>
/// <param name="MinWriterVersion">The lowest writer version that can write it.</param>
/// <param name="ReaderFeatures">The reader features, present only with reader version 3.</param>
/// <param name="WriterFeatures">The writer features, present only with writer version 7.</param>
public sealed record DeltaProtocol(int MinReaderVersion, int MinWriterVersion, IReadOnlyList<string>? ReaderFeatures = null, IReadOnlyList<string>? WriterFeatures = null)
{
    /// <summary>The protocol of a plain table: reader 1, writer 2.</summary>
    public static DeltaProtocol Default { get; } = new(1, 2);

    /// <summary>Describes the protocol as <c>reader/writer</c> with the feature lists.</summary>
    public override string ToString()
    {
        string text = FormattableString.Invariant($"{MinReaderVersion}/{MinWriterVersion}");
        if (ReaderFeatures is not null)
        {
            text += $" readerFeatures [{string.Join(", ", ReaderFeatures)}]";
        }

        if (WriterFeatures is not null)
        {
            text += $" writerFeatures [{string.Join(", ", WriterFeatures)}]";
        }

        return text;
    }
}

/// <summary>The metadata action: the table's id, schema, partition columns and properties (PROTOCOL.md, Change Metadata).</summary>
/// <param name="Id">The table's unique id (a GUID).</param>
/// <param name="Name">A user-facing name, if any.</param>
/// <param name="Description">A user-facing description, if any.</param>
/// <param name="Provider">The data file format; always <c>parquet</c>.</param>
/// <param name="FormatOptions">Options of the data file format.</param>
/// <param name="SchemaString">The schema as a Delta schema string.</param>
/// <param name="PartitionColumns">The partition column names, in order.</param>
/// <param name="Configuration">The table properties (<c>delta.*</c> keys are the protocol's).</param>
/// <param name="CreatedTime">When the table was created, in milliseconds since the Unix epoch, if known.</param>
public sealed record DeltaMetadata(
    string Id,
    string? Name,
    string? Description,
    string Provider,
    IReadOnlyDictionary<string, string> FormatOptions,
    string SchemaString,
    IReadOnlyList<string> PartitionColumns,
    IReadOnlyDictionary<string, string> Configuration,
    long? CreatedTime)
{
    private DeltaStructType? _schema;

    /// <summary>The parsed schema (logical names; partition columns included).</summary>
    /// <exception cref="SchemaException">The schema string is not valid.</exception>
    public DeltaStructType Schema => _schema ??= DeltaStructType.Parse(SchemaString);

    /// <summary>The column mapping mode (<c>none</c>, <c>name</c> or <c>id</c>) from <c>delta.columnMapping.mode</c>.</summary>
    public string ColumnMappingMode => Configuration.TryGetValue("delta.columnMapping.mode", out string? mode) ? mode : "none";
}

/// <summary>Where the deletion vector of a data file is stored (PROTOCOL.md, Deletion Vector Descriptor Schema).</summary>
/// <param name="StorageType"><c>u</c> (relative path from a UUID), <c>i</c> (inline) or <c>p</c> (absolute path).</param>
/// <param name="PathOrInlineDv">The encoded UUID with its prefix, the inline bitmap (Z85) or the path.</param>
/// <param name="Offset">The byte offset of the vector in its file, for stored vectors.</param>
/// <param name="SizeInBytes">The size of the serialized vector in bytes.</param>
/// <param name="Cardinality">How many rows it deletes.</param>
public sealed record DeletionVectorDescriptor(string StorageType, string PathOrInlineDv, int? Offset, int SizeInBytes, long Cardinality)
{
    /// <summary>The identity of the vector: storage type, path or inline data, and <c>@offset</c> when there is one.</summary>
    public string UniqueId => Offset is { } offset
        ? FormattableString.Invariant($"{StorageType}{PathOrInlineDv}@{offset}")
        : StorageType + PathOrInlineDv;
}

/// <summary>An add action: a data file that is part of the table (PROTOCOL.md, Add File and Remove File).</summary>
/// <param name="Path">The file's path, relative to the table root, as the URI-encoded string of the log.</param>
/// <param name="PartitionValues">The partition values by physical column name; null for a null value.</param>
/// <param name="Size">The file size in bytes.</param>
/// <param name="ModificationTime">When the file was written, in milliseconds since the Unix epoch.</param>
/// <param name="DataChange">False when the file only rearranges existing data (compaction).</param>
/// <param name="Stats">The per-file statistics as a JSON string, if recorded.</param>
/// <param name="Tags">Free-form tags, if any.</param>
/// <param name="DeletionVector">The rows deleted from the file, if any.</param>
/// <param name="BaseRowId">The first row id of the file, with row tracking.</param>
/// <param name="DefaultRowCommitVersion">The commit version of the file's rows, with row tracking.</param>
public sealed record DeltaAddFile(
    string Path,
    IReadOnlyDictionary<string, string?> PartitionValues,
    long Size,
    long ModificationTime,
    bool DataChange,
    string? Stats = null,
    IReadOnlyDictionary<string, string?>? Tags = null,
    DeletionVectorDescriptor? DeletionVector = null,
    long? BaseRowId = null,
    long? DefaultRowCommitVersion = null)
{
    private FileStatistics? _statistics;

    /// <summary>The record count from <see cref="Stats"/>, if recorded.</summary>
    public long? RecordCount => Statistics?.NumRecords;

    internal FileStatistics? Statistics => Stats is null ? null : _statistics ??= FileStatistics.Parse(Stats);

    internal string Key => DeletionVector is null ? Path : Path + "\n" + DeletionVector.UniqueId;
}

/// <summary>A remove action: a data file that is no longer part of the table (a tombstone until vacuum).</summary>
/// <param name="Path">The file's path, as in the add action.</param>
/// <param name="DeletionTimestamp">When it was removed, in milliseconds since the Unix epoch.</param>
/// <param name="DataChange">False when the removal only rearranges data.</param>
/// <param name="ExtendedFileMetadata">Whether the partition values, size and stats below are present.</param>
/// <param name="PartitionValues">The partition values of the removed file.</param>
/// <param name="Size">Its size in bytes.</param>
/// <param name="DeletionVector">The deletion vector it had.</param>
public sealed record DeltaRemoveFile(
    string Path,
    long? DeletionTimestamp,
    bool DataChange,
    bool? ExtendedFileMetadata = null,
    IReadOnlyDictionary<string, string?>? PartitionValues = null,
    long? Size = null,
    DeletionVectorDescriptor? DeletionVector = null)
{
    internal string Key => DeletionVector is null ? Path : Path + "\n" + DeletionVector.UniqueId;
}

/// <summary>The latest version an application committed, for idempotent writes (PROTOCOL.md, Transaction Identifiers).</summary>
/// <param name="AppId">The application id.</param>
/// <param name="Version">The application's own version (e.g. a batch number).</param>
/// <param name="LastUpdated">When it was written, in milliseconds since the Unix epoch, if recorded.</param>
public sealed record DeltaTransaction(string AppId, long Version, long? LastUpdated = null);

/// <summary>A domain metadata action (PROTOCOL.md, Domain Metadata).</summary>
/// <param name="Domain">The domain name.</param>
/// <param name="Configuration">The domain's configuration (a string, usually JSON).</param>
/// <param name="Removed">Whether the domain is removed.</param>
public sealed record DeltaDomainMetadata(string Domain, string Configuration, bool Removed);

/// <summary>One entry of a table's history: the provenance of a commit (PROTOCOL.md, Commit Provenance Information).</summary>
/// <param name="Version">The commit version.</param>
/// <param name="Timestamp">The commit time: the in-commit timestamp when enabled, else the commit file's modification time.</param>
/// <param name="Operation">The operation (<c>WRITE</c>, <c>DELETE</c>, ...), if recorded.</param>
/// <param name="OperationParameters">The operation's parameters as JSON text, if recorded.</param>
/// <param name="EngineInfo">The engine that wrote the commit, if recorded.</param>
public sealed record DeltaCommitInfo(long Version, DateTimeOffset Timestamp, string? Operation, IReadOnlyDictionary<string, string>? OperationParameters, string? EngineInfo);
