using System.Runtime.CompilerServices;
using Apache.Arrow;
using Apache.Arrow.Ipc;

namespace PredictiveMaintenance.IO;

/// <summary>
/// Reads telemetry from Arrow IPC data (file or stream format, told apart by the file format's magic bytes) into
/// cleaned <see cref="TelemetryBatch"/>es: data written by <see cref="ArrowTelemetryWriter"/> exactly as written, any
/// other data through a <see cref="TelemetryColumnMapping"/>.
/// </summary>
/// <remarks>
/// <para>A reader reads its input once, with either <see cref="ColumnarTelemetryReader.ReadAllAsync"/> or <see cref="ColumnarTelemetryReader.ReadBatchesAsync"/>.</para>
/// <para>
/// Column types: the asset may be a string (<c>utf8</c>, <c>large_utf8</c>, <c>utf8_view</c>), a dictionary of strings
/// with any integer index, or any integer (written in the invariant culture); the time may be a timestamp of any unit
/// (one without a time zone is read as a UTC clock reading), <c>date32</c>, <c>date64</c> or an <c>int64</c> of
/// microseconds for <see cref="TimeKind.UtcTimestamp"/>, or any integer for <see cref="TimeKind.Cycle"/>; a channel
/// may be any integer, <c>halffloat</c>, <c>float</c>, <c>double</c> or <c>decimal128</c>. Nulls are allowed anywhere:
/// a null channel is a missing value, and a row with a null asset or time is quarantined. Buffers are read in place;
/// only decimal channels are converted (once per batch).
/// </para>
/// <para>
/// Every row goes through the cleaning step of the delimited text reader, with its 1-based row number in the input as
/// its line. Input that is not Arrow IPC throws <see cref="DataQualityException"/>, and a column of a type its role
/// cannot take throws <see cref="SchemaException"/>, both naming the source.
/// </para>
/// </remarks>
public sealed class ArrowTelemetryReader : ColumnarTelemetryReader
{
    private static readonly byte[] FileMagic = "ARROW1"u8.ToArray();

    /// <summary>Creates a reader over a stream.</summary>
    /// <param name="stream">Arrow IPC data. The stream format may come from a stream that cannot seek; the file format is copied to memory if its stream cannot seek.</param>
    /// <param name="options">How to read it; null reads data written by <see cref="ArrowTelemetryWriter"/>.</param>
    /// <param name="sourceName">The name used in positions and messages, such as the file name.</param>
    /// <param name="leaveOpen">Whether disposing the reader leaves <paramref name="stream"/> open.</param>
    public ArrowTelemetryReader(Stream stream, ColumnarReadOptions? options, string sourceName, bool leaveOpen = false)
        : base(stream, options, sourceName, leaveOpen)
    {
    }

    /// <summary>Opens an Arrow IPC file (either format) for reading.</summary>
    /// <param name="path">The file.</param>
    /// <param name="options">How to read it; null reads a file written by <see cref="ArrowTelemetryWriter"/>.</param>
    public static ArrowTelemetryReader Open(string path, ColumnarReadOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1 << 16, FileOptions.Asynchronous);
        return new ArrowTelemetryReader(file, options, path);
    }

    /// <inheritdoc/>
    private protected override async IAsyncEnumerable<ColumnarRowFeeder> FeedChunksAsync(bool batchPerChunk, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using ArrowStreamReader reader = await OpenAsync(cancellationToken).ConfigureAwait(false);
        Schema schema = await Guard(() => reader.GetSchema(cancellationToken)).ConfigureAwait(false);
        ResolvedTelemetryColumns columns = ColumnarSource.Resolve(
            Options.Columns, [.. schema.FieldsList.Select(f => f.Name)], schema.HasMetadata ? schema.Metadata : null, Source, nameof(ArrowTelemetryWriter));
        var arrowColumns = new ArrowColumns(columns, schema, Source);
        var feeder = new ColumnarRowFeeder(columns, Options.EffectiveDataQuality, Source);
        bool fed = false;
        while (await Guard(() => reader.ReadNextRecordBatchAsync(cancellationToken)).ConfigureAwait(false) is { } recordBatch)
        {
            using (recordBatch)
            {
                feeder.Feed(arrowColumns.Read(recordBatch));
            }

            fed = true;
            yield return feeder;
        }

        if (!fed)
        {
            yield return feeder;
        }
    }

    private async Task<ArrowStreamReader> OpenAsync(CancellationToken cancellationToken)
    {
        byte[] prefix = new byte[FileMagic.Length];
        int read = await Stream.ReadAtLeastAsync(prefix, prefix.Length, throwOnEndOfStream: false, cancellationToken).ConfigureAwait(false);
        if (read == 0)
        {
            throw new DataQualityException(new SourcePosition(Source, 0), "the input is empty: expected Arrow IPC data");
        }

        bool fileFormat = prefix.AsSpan(0, read).SequenceEqual(FileMagic);
        Stream input;
        if (Stream.CanSeek)
        {
            Stream.Seek(-read, SeekOrigin.Current);
            input = Stream;
        }
        else if (fileFormat)
        {
            // The file format is read through its footer, at the end, so it needs a stream that can seek.
            var copy = new MemoryStream();
            await copy.WriteAsync(prefix.AsMemory(0, read), cancellationToken).ConfigureAwait(false);
            await Stream.CopyToAsync(copy, cancellationToken).ConfigureAwait(false);
            copy.Position = 0;
            input = copy;
        }
        else
        {
            input = new PrefixedStream(prefix.AsMemory(0, read), Stream, leaveOpen: true);
        }

        bool ownsInput = !ReferenceEquals(input, Stream);
        return fileFormat ? new ArrowFileReader(input, leaveOpen: !ownsInput) : new ArrowStreamReader(input, leaveOpen: !ownsInput);
    }

    /// <summary>Runs an Apache.Arrow read, turning its errors about malformed input into one that names the source.</summary>
    private async Task<T> Guard<T>(Func<ValueTask<T>> read)
    {
        try
        {
            return await read().ConfigureAwait(false);
        }
        catch (Exception e) when (e is (IOException or InvalidDataException or ArgumentException or InvalidOperationException or IndexOutOfRangeException or OverflowException)
            and not ObjectDisposedException)
        {
            throw new DataQualityException(new SourcePosition(Source, 0), $"the input is not readable Arrow IPC data: {e.Message}", e);
        }
    }
}
