namespace PredictiveMaintenance.IO;

/// <summary>
/// A reader of telemetry from one source (delimited text, Parquet, Arrow IPC): it reads the source once, cleaning every
/// row by the same rules, as one batch or in bounded batches.
/// </summary>
public interface ITelemetryReader : IAsyncDisposable
{
    /// <summary>The source name used in positions and messages, such as the file name.</summary>
    string Source { get; }

    /// <summary>Reads the whole source as one batch, sorted and de-duplicated as a whole.</summary>
    /// <param name="cancellationToken">Cancels the read.</param>
    Task<TelemetryBatch> ReadAllAsync(CancellationToken cancellationToken = default);

    /// <summary>Reads the source in batches whose size bounds memory; state carries across batches so the stream is cleaned as one input. At least one batch is returned.</summary>
    /// <param name="cancellationToken">Cancels the read.</param>
    IAsyncEnumerable<TelemetryBatch> ReadBatchesAsync(CancellationToken cancellationToken = default);
}
