using System.Runtime.CompilerServices;

namespace PredictiveMaintenance.IO;

/// <summary>
/// What the columnar telemetry readers (<see cref="ArrowTelemetryReader"/>, <see cref="ParquetTelemetryReader"/>) share:
/// a stream read once, in chunks (record batches, row groups), every row through the cleaning step.
/// </summary>
public abstract class ColumnarTelemetryReader : ITelemetryReader
{
    private readonly bool _leaveOpen;
    private bool _started;

    private protected ColumnarTelemetryReader(Stream stream, ColumnarReadOptions? options, string sourceName, bool leaveOpen)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentException.ThrowIfNullOrEmpty(sourceName);
        Options = options ?? new ColumnarReadOptions();
        Options.Validate();
        Stream = stream;
        _leaveOpen = leaveOpen;
        Source = sourceName;
    }

    /// <summary>The source name used in positions and messages.</summary>
    public string Source { get; }

    /// <summary>How the input is read, validated.</summary>
    private protected ColumnarReadOptions Options { get; }

    /// <summary>The input.</summary>
    private protected Stream Stream { get; }

    /// <summary>Reads all the input as one batch, sorted and de-duplicated as a whole.</summary>
    /// <param name="cancellationToken">Cancels the read.</param>
    public async Task<TelemetryBatch> ReadAllAsync(CancellationToken cancellationToken = default)
    {
        TelemetryBatch? all = null;
        await foreach (TelemetryBatch batch in ReadAsync(batchPerChunk: false, cancellationToken).ConfigureAwait(false))
        {
            all = batch;
        }

        return all!;
    }

    /// <summary>
    /// Reads the input one chunk (Arrow record batch, Parquet row group) at a time, so memory stays bounded by the chunk
    /// size however large the input. Each batch is sorted and de-duplicated; a row at or before a time of its asset
    /// accepted in an earlier batch is quarantined (<see cref="QuarantineReason.OutOfOrder"/> or
    /// <see cref="QuarantineReason.Duplicate"/>). At least one batch is returned, empty for input without rows.
    /// </summary>
    /// <param name="cancellationToken">Cancels the read.</param>
    public IAsyncEnumerable<TelemetryBatch> ReadBatchesAsync(CancellationToken cancellationToken = default) =>
        ReadAsync(batchPerChunk: true, cancellationToken);

    /// <inheritdoc/>
    public ValueTask DisposeAsync()
    {
        GC.SuppressFinalize(this);
        return _leaveOpen ? ValueTask.CompletedTask : Stream.DisposeAsync();
    }

    /// <summary>
    /// Opens the input, resolves its columns and feeds its chunks one by one to one feeder, yielding the feeder after
    /// each chunk; input without a chunk yields it once, unfed.
    /// </summary>
    /// <param name="batchPerChunk">Whether the caller flushes after each chunk (a hint for the feeder's capacity).</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    private protected abstract IAsyncEnumerable<ColumnarRowFeeder> FeedChunksAsync(bool batchPerChunk, CancellationToken cancellationToken);

    private async IAsyncEnumerable<TelemetryBatch> ReadAsync(bool batchPerChunk, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        if (_started)
        {
            throw new InvalidOperationException("A reader reads its input once; open a new reader to read it again.");
        }

        _started = true;
        ColumnarRowFeeder? feeder = null;
        await foreach (ColumnarRowFeeder fed in FeedChunksAsync(batchPerChunk, cancellationToken).ConfigureAwait(false))
        {
            feeder = fed;
            if (batchPerChunk)
            {
                yield return fed.Cleaner.Flush();
            }
        }

        if (!batchPerChunk)
        {
            yield return feeder!.Cleaner.Flush();
        }
    }
}
