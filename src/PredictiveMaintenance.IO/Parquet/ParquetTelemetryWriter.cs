using System.Buffers;
using System.IO.Compression;
using Parquet;
using Parquet.Schema;

namespace PredictiveMaintenance.IO;

/// <summary>
/// Writes telemetry tables to a Parquet file that <see cref="ParquetTelemetryReader"/> reads back exactly and other
/// Parquet readers (Spark, DuckDB, pandas) read as an ordinary table.
/// </summary>
/// <remarks>
/// <para>
/// Columns: the asset as a required UTF-8 string (dictionary-encoded when ids repeat, as they do in a sorted table);
/// the time as a required <c>INT64</c> (microseconds since 1970 for <see cref="TimeKind.UtcTimestamp"/> tables, cycles
/// for <see cref="TimeKind.Cycle"/> tables); each channel as an optional <c>DOUBLE</c>. A missing reading (NaN) is
/// written as null, so SQL engines see it as NULL rather than as a NaN that poisons aggregates and statistics;
/// infinities, negative zero and subnormals are written as they are. The schema, with its time kind and channel roles,
/// is stored as JSON under <see cref="TelemetrySchemaMetadata.Key"/> in the file's key-value metadata.
/// </para>
/// <para>
/// Timestamps are not annotated <c>TIMESTAMP(MICROS, UTC)</c>: Parquet.Net 6.1 writes the min/max statistics of such a
/// column in milliseconds while its values are in microseconds (aloneguid/parquet-dotnet#769), and engines that trust
/// statistics, DuckDB among them, then return wrong times. An <c>INT64</c> column has correct statistics, holds any
/// time a table can, and converts with <c>make_timestamp(time)</c> in DuckDB or
/// <c>pd.to_datetime(df.time, unit="us", utc=True)</c> in pandas.
/// </para>
/// <para>
/// Each <see cref="WriteAsync(TelemetryTable, CancellationToken)"/> adds row groups of at most
/// <see cref="ParquetTelemetryWriterOptions.RowGroupRows"/> rows; the footer is written on dispose. Tables written one
/// after another should follow each other in time for each asset, as the batches of a reader do, or a batch-by-batch
/// read quarantines the older rows.
/// </para>
/// <para>
/// Copies: Parquet.Net takes columns as <see cref="ReadOnlyMemory{T}"/> and the table gives spans, so each column of a
/// row group is copied once into a pooled buffer (the channels packed without their NaNs). Parquet.Net allocates while
/// encoding one small array per distinct string, and a page buffer per column.
/// </para>
/// </remarks>
public sealed class ParquetTelemetryWriter : IAsyncDisposable
{
    private readonly ParquetWriter _writer;
    private readonly DataField[] _fields;
    private readonly Stream _stream;
    private readonly bool _leaveOpen;
    private readonly int _rowGroupRows;
    private readonly string _target;
    private bool _disposed;

    private ParquetTelemetryWriter(ParquetWriter writer, TelemetrySchema schema, DataField[] fields, Stream stream, bool leaveOpen, int rowGroupRows, string target)
    {
        _writer = writer;
        Schema = schema;
        _fields = fields;
        _stream = stream;
        _leaveOpen = leaveOpen;
        _rowGroupRows = rowGroupRows;
        _target = target;
    }

    /// <summary>The schema of the tables this writer takes.</summary>
    public TelemetrySchema Schema { get; }

    /// <summary>Rows written so far.</summary>
    public long RowCount { get; private set; }

    /// <summary>Starts a Parquet file on a stream; write tables with <see cref="WriteAsync(TelemetryTable, CancellationToken)"/>, then dispose the writer to finish the file.</summary>
    /// <param name="stream">A writable stream; it need not be seekable.</param>
    /// <param name="schema">The schema of the tables to write.</param>
    /// <param name="options">The layout. Default: <see cref="ParquetTelemetryWriterOptions"/> defaults.</param>
    /// <param name="leaveOpen">Whether disposing the writer leaves <paramref name="stream"/> open.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    public static Task<ParquetTelemetryWriter> CreateAsync(
        Stream stream, TelemetrySchema schema, ParquetTelemetryWriterOptions? options = null, bool leaveOpen = false, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(stream);
        return CreateAsync(stream, schema, options, leaveOpen, "the Parquet stream", cancellationToken);
    }

    /// <summary>Creates (or replaces) a Parquet file.</summary>
    /// <param name="path">The file to write.</param>
    /// <param name="schema">The schema of the tables to write.</param>
    /// <param name="options">The layout. Default: <see cref="ParquetTelemetryWriterOptions"/> defaults.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    public static Task<ParquetTelemetryWriter> CreateFileAsync(
        string path, TelemetrySchema schema, ParquetTelemetryWriterOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var file = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, bufferSize: 1 << 16, FileOptions.Asynchronous);
        return CreateAsync(file, schema, options, leaveOpen: false, path, cancellationToken);
    }

    /// <summary>Writes a table to a Parquet file, creating or replacing it.</summary>
    /// <param name="table">The table.</param>
    /// <param name="path">The file to write.</param>
    /// <param name="options">The layout. Default: <see cref="ParquetTelemetryWriterOptions"/> defaults.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    public static async Task WriteFileAsync(
        TelemetryTable table, string path, ParquetTelemetryWriterOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(table);
        ParquetTelemetryWriter writer = await CreateFileAsync(path, table.Schema, options, cancellationToken).ConfigureAwait(false);
        await using (writer.ConfigureAwait(false))
        {
            await writer.WriteAsync(table, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Appends the rows of a table as one or more row groups.</summary>
    /// <param name="table">A table of this writer's <see cref="Schema"/>.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <exception cref="SchemaException">The table's schema is not the writer's.</exception>
    public async Task WriteAsync(TelemetryTable table, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(table);
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (!table.Schema.Equals(Schema))
        {
            throw new SchemaException($"{_target}: a table of schema [{table.Schema}] cannot be written to a file of schema [{Schema}].");
        }

        for (int start = 0; start < table.RowCount; start += _rowGroupRows)
        {
            await WriteRowGroupAsync(table, start, Math.Min(_rowGroupRows, table.RowCount - start), cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Writes the footer and, unless the writer was created with <c>leaveOpen</c>, closes the stream.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        try
        {
            await _writer.DisposeAsync().ConfigureAwait(false);
        }
        finally
        {
            if (!_leaveOpen)
            {
                await _stream.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    private static async Task<ParquetTelemetryWriter> CreateAsync(
        Stream stream, TelemetrySchema schema, ParquetTelemetryWriterOptions? options, bool leaveOpen, string target, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(schema);
        options ??= new ParquetTelemetryWriterOptions();
        options.Validate();
        DataField[] fields =
        [
            new DataField<string>(schema.AssetColumn, nullable: false),
            new DataField<long>(schema.TimeColumn, nullable: false),
            .. schema.Channels.Select(c => new DataField<double?>(c.Name)),
        ];
        var parquetSchema = new ParquetSchema(fields);
        var parquetOptions = new ParquetOptions
        {
            CompressionMethod = options.Compression,
            CompressionLevel = CompressionLevel.Optimal,
        };
        parquetOptions.ColumnEncodingHints[fields[0].Path.ToString()] = EncodingHint.Dictionary;
        try
        {
            ParquetWriter writer = await ParquetWriter.CreateAsync(parquetSchema, stream, parquetOptions, append: false, cancellationToken).ConfigureAwait(false);
            writer.CustomMetadata = new Dictionary<string, string> { [TelemetrySchemaMetadata.Key] = TelemetrySchemaMetadata.ToJson(schema) };
            return new ParquetTelemetryWriter(writer, schema, fields, stream, leaveOpen, options.RowGroupRows, target);
        }
        catch
        {
            if (!leaveOpen)
            {
                await stream.DisposeAsync().ConfigureAwait(false);
            }

            throw;
        }
    }

    private async Task WriteRowGroupAsync(TelemetryTable table, int start, int count, CancellationToken cancellationToken)
    {
        ReadOnlyMemory<char>[] assets = ArrayPool<ReadOnlyMemory<char>>.Shared.Rent(count);
        double[] values = ArrayPool<double>.Shared.Rent(count);
        int[] levels = ArrayPool<int>.Shared.Rent(count);
        try
        {
            using ParquetRowGroupWriter group = _writer.CreateRowGroup();
            FillAssets(table, start, assets.AsSpan(0, count));
            await group.WriteAsync<ReadOnlyMemory<char>>(_fields[0], assets.AsMemory(0, count), cancellationToken: cancellationToken).ConfigureAwait(false);
            await WriteTimesAsync(group, table, start, count, cancellationToken).ConfigureAwait(false);
            for (int c = 0; c < Schema.Channels.Count; c++)
            {
                int written = CompactForNulls(table.GetChannel(c).Slice(start, count), values, levels);
                await group.WriteAllPartsAsync<double>(_fields[c + 2], values.AsMemory(0, written), levels.AsMemory(0, count), null, cancellationToken).ConfigureAwait(false);
            }

            group.CompleteValidate();
            RowCount += count;
        }
        finally
        {
            ArrayPool<ReadOnlyMemory<char>>.Shared.Return(assets, clearArray: true);
            ArrayPool<double>.Shared.Return(values);
            ArrayPool<int>.Shared.Return(levels);
        }
    }

    private async Task WriteTimesAsync(ParquetRowGroupWriter group, TelemetryTable table, int start, int count, CancellationToken cancellationToken)
    {
        long[] times = ArrayPool<long>.Shared.Rent(count);
        table.Times.Slice(start, count).CopyTo(times);
        try
        {
            await group.WriteAsync<long>(_fields[1], times.AsMemory(0, count), cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            ArrayPool<long>.Shared.Return(times);
        }
    }

    private static void FillAssets(TelemetryTable table, int start, Span<ReadOnlyMemory<char>> assets)
    {
        ReadOnlySpan<int> offsets = table.AssetOffsets;
        int row = start;
        for (int a = table.GetAssetCodeOfRow(start); row < start + assets.Length; a++)
        {
            ReadOnlyMemory<char> id = table.AssetIds[a].AsMemory();
            int end = Math.Min(offsets[a + 1], start + assets.Length);
            assets[(row - start)..(end - start)].Fill(id);
            row = end;
        }
    }

    /// <summary>
    /// Packs the non-NaN values to the front of <paramref name="values"/> and writes a definition level per row (1 for a
    /// value, 0 for null), the form Parquet stores an optional column in; returns how many values there are.
    /// </summary>
    private static int CompactForNulls(ReadOnlySpan<double> column, double[] values, int[] levels)
    {
        int written = 0;
        for (int i = 0; i < column.Length; i++)
        {
            double value = column[i];
            bool present = !double.IsNaN(value);
            levels[i] = present ? 1 : 0;
            values[written] = value;
            written += present ? 1 : 0;
        }

        return written;
    }
}
