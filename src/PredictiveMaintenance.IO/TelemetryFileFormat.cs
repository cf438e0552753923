namespace PredictiveMaintenance.IO;

/// <summary>The file formats telemetry is read from.</summary>
public enum TelemetryFileFormat
{
    /// <summary>Recognise the format by the file's first bytes (<see cref="TelemetryFile.DetectFormat(string)"/>).</summary>
    Auto,

    /// <summary>Delimited text such as CSV, plain or gzip.</summary>
    Delimited,

    /// <summary>Apache Parquet.</summary>
    Parquet,

    /// <summary>Arrow IPC, file or stream format.</summary>
    ArrowIpc,
}
