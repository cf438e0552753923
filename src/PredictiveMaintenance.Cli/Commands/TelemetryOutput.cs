using PredictiveMaintenance.IO;

namespace PredictiveMaintenance.Cli.Commands;

/// <summary>A telemetry table output chosen by file extension: delimited text (<c>.csv</c>, <c>.csv.gz</c>) or Parquet.</summary>
internal sealed class TelemetryOutput : IAsyncDisposable
{
    private readonly DelimitedTelemetryWriter? _text;
    private readonly ParquetTelemetryWriter? _parquet;

    private TelemetryOutput(DelimitedTelemetryWriter? text, ParquetTelemetryWriter? parquet)
    {
        _text = text;
        _parquet = parquet;
    }

    public static async Task<TelemetryOutput> CreateAsync(string path, TelemetrySchema schema, CancellationToken cancellationToken)
    {
        if (path.EndsWith(".parquet", StringComparison.OrdinalIgnoreCase))
        {
            return new TelemetryOutput(null, await ParquetTelemetryWriter.CreateAsync(File.Create(path), schema, cancellationToken: cancellationToken));
        }

        return path.EndsWith(".csv", StringComparison.OrdinalIgnoreCase) || path.EndsWith(".csv.gz", StringComparison.OrdinalIgnoreCase)
            ? new TelemetryOutput(await DelimitedTelemetryWriter.CreateAsync(path, schema, cancellationToken: cancellationToken), null)
            : throw new ArgumentException($"Cannot tell the output format of '{path}': name it .csv, .csv.gz or .parquet.");
    }

    public Task WriteAsync(TelemetryTable table, CancellationToken cancellationToken) =>
        _text?.WriteAsync(table, cancellationToken) ?? _parquet!.WriteAsync(table, cancellationToken);

    public async ValueTask DisposeAsync()
    {
        if (_text is not null)
        {
            await _text.DisposeAsync();
        }

        if (_parquet is not null)
        {
            await _parquet.DisposeAsync();
        }
    }
}
