using System.Collections.ObjectModel;
using System.Runtime.CompilerServices;
using Apache.Arrow;
using PredictiveMaintenance.Storage;

namespace PredictiveMaintenance.DeltaLake;

/// <summary>
/// A table as of one version: its protocol, metadata, schema and live data files, and a reader of its rows.
/// Immutable and thread-safe.
/// </summary>
public sealed class DeltaSnapshot
{
    private readonly LogState _state;
    private readonly ObjectStore _store;
    private readonly Dictionary<string, DeltaStructField> _partitionFields;

    internal DeltaSnapshot(ObjectStore store, LogState state, DateTimeOffset timestamp)
    {
        _state = state;
        _store = store;
        string tableRoot = TableRoot = store.Root;
        Timestamp = timestamp;
        Protocol = state.Protocol!;
        Metadata = state.Metadata!;
        Files = new ReadOnlyCollection<DeltaAddFile>([.. state.Files.Values.OrderBy(f => f.Path, StringComparer.Ordinal)]);
        Transactions = new ReadOnlyDictionary<string, long>(state.Transactions.ToDictionary(p => p.Key, p => p.Value.Version, StringComparer.Ordinal));
        Domains = new ReadOnlyCollection<DeltaDomainMetadata>([.. state.Domains.Values.OrderBy(d => d.Domain, StringComparer.Ordinal)]);
        _partitionFields = new Dictionary<string, DeltaStructField>(StringComparer.Ordinal);
        foreach (string column in Metadata.PartitionColumns)
        {
            _partitionFields[column] = Schema.FindField(column)
                ?? throw new DeltaProtocolException(FormattableString.Invariant($"Partition column '{column}' of '{tableRoot}' at version {state.Version} is not in the table schema."));
        }
    }

    /// <summary>The table's location: its root directory, or its URI in an object store.</summary>
    public string TableRoot { get; }

    /// <summary>The version of this snapshot.</summary>
    public long Version => _state.Version;

    /// <summary>When the version was committed (the commit file's modification time, or its in-commit timestamp).</summary>
    public DateTimeOffset Timestamp { get; }

    /// <summary>The protocol in force.</summary>
    public DeltaProtocol Protocol { get; }

    /// <summary>The table metadata in force.</summary>
    public DeltaMetadata Metadata { get; }

    /// <summary>The table schema (logical names, partition columns included).</summary>
    public DeltaStructType Schema => Metadata.Schema;

    /// <summary>The partition columns, in order.</summary>
    public IReadOnlyList<string> PartitionColumns => Metadata.PartitionColumns;

    /// <summary>The live data files, ordered by path.</summary>
    public IReadOnlyList<DeltaAddFile> Files { get; }

    /// <summary>The latest committed version of each application id (PROTOCOL.md, Transaction Identifiers).</summary>
    public IReadOnlyDictionary<string, long> Transactions { get; }

    /// <summary>The domain metadata in force, ordered by domain.</summary>
    public IReadOnlyList<DeltaDomainMetadata> Domains { get; }

    /// <summary>The version of the checkpoint replay started from, or null when it replayed every commit.</summary>
    public long? CheckpointVersion => _state.CheckpointVersion;

    /// <summary>The number of live rows from the files' statistics, or null when a file does not record its row count.</summary>
    public long? RowCount
    {
        get
        {
            long total = 0;
            foreach (DeltaAddFile file in Files)
            {
                if (file.RecordCount is not { } records)
                {
                    return null;
                }

                total += records - (file.DeletionVector?.Cardinality ?? 0);
            }

            return total;
        }
    }

    internal LogState State => _state;

    /// <summary>Returns the files a scan with <paramref name="filter"/> reads: those whose partition values and statistics allow a match.</summary>
    /// <param name="filter">The predicate, or null for every file.</param>
    /// <exception cref="SchemaException">The predicate names a column that is not in the schema, or compares it with a literal of another type.</exception>
    public IReadOnlyList<DeltaAddFile> GetFiles(DeltaPredicate? filter)
    {
        if (filter is null)
        {
            return Files;
        }

        foreach (string column in filter.Columns)
        {
            _ = Schema.FindField(column) ?? throw new SchemaException($"The filter names column '{column}', which is not in the schema of '{TableRoot}' ({string.Join(", ", Schema.Fields.Select(f => f.Name))}).");
        }

        return [.. Files.Where(file => filter.MayMatch(column => Facts(file, column)))];
    }

    /// <summary>
    /// The latest value of a timestamp column from the files' partition values and statistics, without reading data: an
    /// upper bound of the column's live values (writers that truncate bounds to milliseconds make it up to 999 µs late).
    /// </summary>
    /// <param name="column">A column of type timestamp or timestamp_ntz (read as UTC).</param>
    /// <returns>The latest value, or null where the table has no files or a file records no maximum for the column.</returns>
    /// <exception cref="SchemaException">The column is not in the schema or is not a timestamp.</exception>
    public DateTimeOffset? GetLatestTimestamp(string column)
    {
        ArgumentException.ThrowIfNullOrEmpty(column);
        DeltaStructField field = Schema.FindField(column)
            ?? throw new SchemaException($"Column '{column}' is not in the schema of '{TableRoot}' ({string.Join(", ", Schema.Fields.Select(f => f.Name))}).");
        if (field.Type != DeltaPrimitiveType.Timestamp && field.Type != DeltaPrimitiveType.TimestampNtz)
        {
            throw new SchemaException($"Column '{column}' of '{TableRoot}' is {field.Type}, not a timestamp.");
        }

        long? latest = null;
        foreach (DeltaAddFile file in Files)
        {
            ColumnFacts facts = Facts(file, column).Facts;
            if ((facts.IsPartition ? facts.PartitionValue : facts.Max) is not long max)
            {
                // All nulls bound nothing; a missing maximum leaves the latest value unknown.
                if (facts.AllNull || (facts.IsPartition && facts.PartitionValue is null))
                {
                    continue;
                }

                return null;
            }

            latest = Math.Max(latest ?? long.MinValue, max);
        }

        return latest is { } microseconds ? new DateTimeOffset(UnixTime.ToDateTime(microseconds)) : null;
    }

    private (DeltaType Type, ColumnFacts Facts) Facts(DeltaAddFile file, string column)
    {
        DeltaStructField field = Schema.FindField(column)!;
        if (_partitionFields.ContainsKey(column))
        {
            return (field.Type, new ColumnFacts(true, PartitionValue(file, field), null, null, null, null, false));
        }

        return (field.Type, file.Statistics?.Facts(field.PhysicalName, field.Type) ?? default);
    }

    internal static object? PartitionValue(DeltaAddFile file, DeltaStructField field)
    {
        string? text = file.PartitionValues.TryGetValue(field.PhysicalName, out string? value) ? value : null;
        return DeltaValues.ParsePartitionValue(text, field.Type, field.Name);
    }

    /// <summary>Reads the rows of the snapshot, one Arrow record batch per row group of each data file.</summary>
    /// <param name="options">The columns and file filter; null reads everything.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The batches, in file path order; deleted rows (deletion vectors) are left out.</returns>
    /// <exception cref="SchemaException">A requested column is not in the schema, or a data file's column has another type.</exception>
    /// <exception cref="DeltaProtocolException">A data file or deletion vector is missing or corrupt.</exception>
    public async IAsyncEnumerable<RecordBatch> ReadBatchesAsync(DeltaScanOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        DeltaStructField[] output = ResolveColumns(options?.Columns);
        Apache.Arrow.Schema arrowSchema = ArrowTypeMapping.ToArrowSchema(new DeltaStructType(output));
        DeltaStructField[] dataFields = [.. output.Where(f => !_partitionFields.ContainsKey(f.Name))];
        foreach (DeltaAddFile file in GetFiles(options?.Filter))
        {
            string key = DeltaPaths.ToKey(file.Path);
            string path = _store.Describe(key);
            IReadOnlySet<long>? deleted = file.DeletionVector is { } dv
                ? await DeletionVectorReader.LoadAsync(_store, dv, cancellationToken).ConfigureAwait(false)
                : null;
            Stream stream;
            try
            {
                stream = await _store.OpenReadAsync(key, cancellationToken).ConfigureAwait(false);
            }
            catch (FileNotFoundException e)
            {
                throw new DeltaProtocolException(path, Version, $"the data file '{file.Path}' that the log lists does not exist.", e);
            }

            await using (stream.ConfigureAwait(false))
            {
                await foreach (ColumnChunk chunk in ParquetArrowReader.ReadAsync(stream, path, dataFields, deleted, cancellationToken).ConfigureAwait(false))
                {
                    var columns = new IArrowArray[output.Length];
                    int data = 0;
                    for (int c = 0; c < output.Length; c++)
                    {
                        columns[c] = _partitionFields.ContainsKey(output[c].Name)
                            ? ConstantArrays.Create(output[c].Type, PartitionValue(file, output[c]), chunk.Length)
                            : chunk.Columns[data++];
                    }

                    yield return new RecordBatch(arrowSchema, columns, chunk.Length);
                }
            }
        }
    }

    /// <summary>Reads the rows of the snapshot into one Arrow record batch.</summary>
    /// <param name="options">The columns and file filter; null reads everything.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    public async Task<RecordBatch> ReadAsync(DeltaScanOptions? options = null, CancellationToken cancellationToken = default)
    {
        var batches = new List<RecordBatch>();
        await foreach (RecordBatch batch in ReadBatchesAsync(options, cancellationToken).ConfigureAwait(false))
        {
            batches.Add(batch);
        }

        if (batches.Count == 1)
        {
            return batches[0];
        }

        DeltaStructField[] output = ResolveColumns(options?.Columns);
        var columns = new IArrowArray[output.Length];
        for (int c = 0; c < columns.Length; c++)
        {
            columns[c] = batches.Count == 0
                ? ArrowArrays.Nulls(output[c].Type, 0)
                : ArrowArrayConcatenator.Concatenate([.. batches.Select(b => b.Column(c))]);
        }

        return new RecordBatch(ArrowTypeMapping.ToArrowSchema(new DeltaStructType(output)), columns, batches.Sum(b => b.Length));
    }

    /// <summary>Writes the rows of the snapshot to one Parquet file, partition columns included as ordinary columns.</summary>
    /// <param name="path">The file to create or replace.</param>
    /// <param name="options">The columns and file filter; null writes everything.</param>
    /// <param name="cancellationToken">Cancels the write; the partly written file is deleted.</param>
    /// <returns>The number of rows written.</returns>
    /// <remarks>
    /// Columns keep their logical names and the Parquet types of the table's data files (timestamps as
    /// <c>TIMESTAMP(MICROS, UTC)</c> with exact statistics); each row group read becomes a row group of the file, so one
    /// row group is in memory at a time. Deleted rows (deletion vectors) are left out.
    /// </remarks>
    /// <exception cref="SchemaException">A requested column is not in the schema.</exception>
    /// <exception cref="DeltaProtocolException">A data file or deletion vector is missing or corrupt.</exception>
    public async Task<long> WriteParquetFileAsync(string path, DeltaScanOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        DeltaStructField[] fields = [.. ResolveColumns(options?.Columns).Select(f => new DeltaStructField(f.Name, LogicalType(f.Type), f.Nullable))];
        var stream = new FileStream(path, FileMode.Create, FileAccess.ReadWrite, FileShare.None, 1 << 16, FileOptions.Asynchronous);
        try
        {
            await using (stream.ConfigureAwait(false))
            {
                ParquetFileWriter writer = await ParquetFileWriter.CreateAsync(stream, fields, cancellationToken).ConfigureAwait(false);
                long rows = 0;
                await foreach (RecordBatch batch in ReadBatchesAsync(options, cancellationToken).ConfigureAwait(false))
                {
                    await writer.WriteAsync([.. fields.Select((f, c) => new ColumnValues(f, batch.Column(c), null, null))], int.MaxValue, cancellationToken).ConfigureAwait(false);
                    rows += batch.Length;
                }

                await writer.CompleteAsync(cancellationToken).ConfigureAwait(false);
                return rows;
            }
        }
        catch
        {
            File.Delete(path);
            throw;
        }
    }

    /// <summary>The type with the physical names of column mapping dropped from nested fields, so that a file written from it uses logical names.</summary>
    private static DeltaType LogicalType(DeltaType type) => type switch
    {
        DeltaStructType s => new DeltaStructType(s.Fields.Select(f => new DeltaStructField(f.Name, LogicalType(f.Type), f.Nullable))),
        DeltaArrayType a => new DeltaArrayType(LogicalType(a.ElementType), a.ContainsNull),
        DeltaMapType m => new DeltaMapType(LogicalType(m.KeyType), LogicalType(m.ValueType), m.ValueContainsNull),
        _ => type,
    };

    private DeltaStructField[] ResolveColumns(IReadOnlyList<string>? columns)
    {
        if (columns is null)
        {
            return [.. Schema.Fields];
        }

        return [.. columns.Select(c => Schema.FindField(c) ?? throw new SchemaException($"Column '{c}' is not in the schema of '{TableRoot}' at version {Version}; its columns are {string.Join(", ", Schema.Fields.Select(f => f.Name))}."))];
    }
}
