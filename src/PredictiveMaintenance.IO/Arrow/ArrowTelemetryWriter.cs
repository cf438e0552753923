using Apache.Arrow;
using Apache.Arrow.Ipc;

namespace PredictiveMaintenance.IO;

/// <summary>
/// Writes telemetry tables as Arrow IPC data (file or stream format) that <see cref="ArrowTelemetryReader"/> reads back
/// exactly and pyarrow, DuckDB or Polars read as an ordinary table.
/// </summary>
/// <remarks>
/// The layout is that of <see cref="TelemetryArrowExtensions.ToRecordBatch(TelemetryTable)"/>, cut into record batches
/// of <see cref="ArrowTelemetryWriterOptions.BatchRows"/> rows that share one asset dictionary. A whole table is written
/// at once because Apache.Arrow's IPC writer sends each dictionary once, before the first batch: batches of later
/// tables could not bring new assets.
/// </remarks>
public static class ArrowTelemetryWriter
{
    /// <summary>Writes a table to a stream.</summary>
    /// <param name="table">The table.</param>
    /// <param name="stream">A writable stream; it need not be seekable.</param>
    /// <param name="options">The format and batch size. Default: <see cref="ArrowTelemetryWriterOptions"/> defaults.</param>
    /// <param name="leaveOpen">Whether to leave <paramref name="stream"/> open.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    public static async Task WriteAsync(
        TelemetryTable table, Stream stream, ArrowTelemetryWriterOptions? options = null, bool leaveOpen = false, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(table);
        ArgumentNullException.ThrowIfNull(stream);
        options ??= new ArrowTelemetryWriterOptions();
        options.Validate();
        try
        {
            Schema schema = table.Schema.ToArrowSchema();
            StringArray dictionary = TelemetryArrowExtensions.DictionaryOf(table);
            using ArrowStreamWriter writer = options.Format == ArrowIpcFormat.File
                ? new ArrowFileWriter(stream, schema, leaveOpen: true)
                : new ArrowStreamWriter(stream, schema, leaveOpen: true);
            await writer.WriteStartAsync(cancellationToken).ConfigureAwait(false);
            for (int start = 0; start < table.RowCount; start += options.BatchRows)
            {
                using RecordBatch batch = TelemetryArrowExtensions.ToRecordBatch(table, schema, dictionary, start, Math.Min(options.BatchRows, table.RowCount - start));
                await writer.WriteRecordBatchAsync(batch, cancellationToken).ConfigureAwait(false);
            }

            await writer.WriteEndAsync(cancellationToken).ConfigureAwait(false);
            await stream.FlushAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            if (!leaveOpen)
            {
                await stream.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    /// <summary>Writes a table to a file, creating or replacing it.</summary>
    /// <param name="table">The table.</param>
    /// <param name="path">The file to write.</param>
    /// <param name="options">The format and batch size. Default: <see cref="ArrowTelemetryWriterOptions"/> defaults.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    public static Task WriteFileAsync(TelemetryTable table, string path, ArrowTelemetryWriterOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(table);
        ArgumentException.ThrowIfNullOrEmpty(path);
        var file = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, bufferSize: 1 << 16, FileOptions.Asynchronous);
        return WriteAsync(table, file, options, leaveOpen: false, cancellationToken);
    }
}
