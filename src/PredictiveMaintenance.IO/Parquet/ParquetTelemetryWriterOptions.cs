using Parquet;

namespace PredictiveMaintenance.IO;

/// <summary>How <see cref="ParquetTelemetryWriter"/> lays out a file. Validated as a whole by <see cref="Validate"/>.</summary>
public sealed class ParquetTelemetryWriterOptions
{
    /// <summary>
    /// The most rows in one row group; a table is split into row groups of this size, and a reader holds one row group in
    /// memory at a time. Default: 1,048,576.
    /// </summary>
    public int RowGroupRows { get; init; } = 1 << 20;

    /// <summary>The page compression. Default: <see cref="CompressionMethod.Snappy"/>, which every Parquet reader supports.</summary>
    public CompressionMethod Compression { get; init; } = CompressionMethod.Snappy;

    /// <summary>Checks that the settings make sense together.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><see cref="RowGroupRows"/> is less than 1, or <see cref="Compression"/> is unknown.</exception>
    public void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(RowGroupRows, 1, nameof(RowGroupRows));
        if (!Enum.IsDefined(Compression))
        {
            throw new ArgumentOutOfRangeException(nameof(Compression), Compression, "Unknown compression method.");
        }
    }
}
