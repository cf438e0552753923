using System.Runtime.CompilerServices;
using Parquet;
using Parquet.Schema;

namespace PredictiveMaintenance.IO;

/// <summary>
/// Reads telemetry from a Parquet file into cleaned <see cref="TelemetryBatch"/>es: a file written by
/// <see cref="ParquetTelemetryWriter"/> exactly as written, any other file through a <see cref="TelemetryColumnMapping"/>.
/// </summary>
/// <remarks>
/// <para>A reader reads its input once, with either <see cref="ColumnarTelemetryReader.ReadAllAsync"/> or <see cref="ColumnarTelemetryReader.ReadBatchesAsync"/>.</para>
/// <para>
/// Column types: the asset may be a string or any integer (written in the invariant culture); the time may be a
/// timestamp of any unit, a date, or an int64 of microseconds for <see cref="TimeKind.UtcTimestamp"/> (a timestamp not
/// adjusted to UTC is read as a UTC clock reading), or any integer for <see cref="TimeKind.Cycle"/>; a channel may be
/// any integer, float, double or decimal. Any column may be optional: a null channel is a missing value, and a row
/// with a null asset or time is quarantined. Only the mapped columns are read.
/// </para>
/// <para>
/// Every row goes through the cleaning step of the delimited text reader, with its 1-based row number in the file as
/// its line; <c>Report.InputRows == Report.AcceptedRows + Report.QuarantinedRows</c> always holds. A file that is not
/// Parquet throws <see cref="DataQualityException"/>, and a column of a type its role cannot take throws
/// <see cref="SchemaException"/>, both naming the file (and the column and types).
/// </para>
/// </remarks>
public sealed class ParquetTelemetryReader : ColumnarTelemetryReader
{

    /// <summary>Creates a reader over a stream.</summary>
    /// <param name="stream">A readable, seekable stream holding a Parquet file (the footer is at its end).</param>
    /// <param name="options">How to read it; null reads a file written by <see cref="ParquetTelemetryWriter"/>.</param>
    /// <param name="sourceName">The name used in positions and messages, such as the file name.</param>
    /// <param name="leaveOpen">Whether disposing the reader leaves <paramref name="stream"/> open.</param>
    /// <exception cref="ArgumentException"><paramref name="stream"/> cannot read or seek.</exception>
    public ParquetTelemetryReader(Stream stream, ColumnarReadOptions? options, string sourceName, bool leaveOpen = false)
        : base(Seekable(stream), options, sourceName, leaveOpen)
    {
    }

    /// <summary>Opens a Parquet file for reading.</summary>
    /// <param name="path">The file.</param>
    /// <param name="options">How to read it; null reads a file written by <see cref="ParquetTelemetryWriter"/>.</param>
    public static ParquetTelemetryReader Open(string path, ColumnarReadOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1 << 16, FileOptions.Asynchronous | FileOptions.RandomAccess);
        return new ParquetTelemetryReader(file, options, path);
    }

    /// <inheritdoc/>
    private protected override async IAsyncEnumerable<ColumnarRowFeeder> FeedChunksAsync(bool batchPerChunk, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ParquetReader reader = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using ConfiguredAsyncDisposable disposeReader = reader.ConfigureAwait(false);
        DataField[] fields = reader.Schema.DataFields;
        ResolvedTelemetryColumns columns = ColumnarSource.Resolve(
            Options.Columns, [.. fields.Select(f => f.Path.ToString())], reader.CustomMetadata, Source, nameof(ParquetTelemetryWriter));
        var parquetColumns = new ParquetColumns(columns, fields, Source);
        long rows = batchPerChunk ? (reader.RowGroupCount > 0 ? reader.RowGroups[0].RowCount : 0) : reader.Metadata?.NumRows ?? 0;
        var feeder = new ColumnarRowFeeder(columns, Options.EffectiveDataQuality, Source, (int)Math.Min(rows, Array.MaxLength));
        for (int g = 0; g < reader.RowGroupCount; g++)
        {
            using (ParquetColumns.RowGroupColumns group = await ReadRowGroupAsync(reader, parquetColumns, g, cancellationToken).ConfigureAwait(false))
            {
                feeder.Feed(group.Chunk);
            }

            yield return feeder;
        }

        if (reader.RowGroupCount == 0)
        {
            yield return feeder;
        }
    }

    private static Stream Seekable(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        return stream.CanRead && stream.CanSeek
            ? stream
            : throw new ArgumentException("Parquet keeps its footer at the end of the file, so the stream must be readable and seekable; copy it to a file or a MemoryStream first.", nameof(stream));
    }

    private async Task<ParquetReader> OpenAsync(CancellationToken cancellationToken)
    {
        try
        {
            var options = new ParquetOptions { TreatByteArrayAsString = true };
            return await ParquetReader.CreateAsync(Stream, options, leaveStreamOpen: true, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or ParquetException or InvalidDataException or NotSupportedException or ArgumentException)
        {
            throw new DataQualityException(new SourcePosition(Source, 0), $"the input is not a readable Parquet file: {e.Message}", e);
        }
    }

    private async Task<ParquetColumns.RowGroupColumns> ReadRowGroupAsync(ParquetReader reader, ParquetColumns columns, int index, CancellationToken cancellationToken)
    {
        try
        {
            return await columns.ReadAsync(reader.OpenRowGroupReader(index), cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or ParquetException or InvalidDataException or NotSupportedException or ArgumentOutOfRangeException)
        {
            throw new DataQualityException(
                new SourcePosition(Source, 0),
                FormattableString.Invariant($"row group {index + 1} of {reader.RowGroupCount} cannot be read: {e.Message}"),
                e);
        }
    }
}
