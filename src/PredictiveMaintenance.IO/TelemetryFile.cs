namespace PredictiveMaintenance.IO;

/// <summary>Opens a telemetry file of any supported format with the reader for it.</summary>
public static class TelemetryFile
{
    /// <summary>Recognises a file's format by its first bytes: <c>PAR1</c> is Parquet, <c>ARROW1</c> or an IPC stream's continuation marker is Arrow, anything else (gzip included) is delimited text.</summary>
    /// <param name="path">The file.</param>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    public static TelemetryFileFormat DetectFormat(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        Span<byte> head = stackalloc byte[6];
        using FileStream file = File.OpenRead(path);
        int read = file.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
        head = head[..read];
        return head.StartsWith("PAR1"u8) ? TelemetryFileFormat.Parquet
            : head.StartsWith("ARROW1"u8) || head.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFF, 0xFF, 0xFF]) ? TelemetryFileFormat.ArrowIpc
            : TelemetryFileFormat.Delimited;
    }

    /// <summary>Opens a reader for a file.</summary>
    /// <param name="path">The file.</param>
    /// <param name="textOptions">How to read it if it is delimited text.</param>
    /// <param name="columnarOptions">How to read it if it is Parquet or Arrow; the defaults (read back what this package wrote) when null.</param>
    /// <param name="format">The file's format, or <see cref="TelemetryFileFormat.Auto"/> to recognise it.</param>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    public static ITelemetryReader Open(string path, DelimitedTextOptions textOptions, ColumnarReadOptions? columnarOptions = null, TelemetryFileFormat format = TelemetryFileFormat.Auto)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(textOptions);
        return (format == TelemetryFileFormat.Auto ? DetectFormat(path) : format) switch
        {
            TelemetryFileFormat.Parquet => ParquetTelemetryReader.Open(path, columnarOptions),
            TelemetryFileFormat.ArrowIpc => ArrowTelemetryReader.Open(path, columnarOptions),
            TelemetryFileFormat.Delimited => DelimitedTelemetryReader.Open(path, textOptions),
            _ => throw new ArgumentOutOfRangeException(nameof(format), format, "Unknown telemetry file format."),
        };
    }
}
