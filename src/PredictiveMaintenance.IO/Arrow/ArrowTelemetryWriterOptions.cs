namespace PredictiveMaintenance.IO;

/// <summary>How <see cref="ArrowTelemetryWriter"/> lays out Arrow IPC data. Validated as a whole by <see cref="Validate"/>.</summary>
public sealed class ArrowTelemetryWriterOptions
{
    /// <summary>The IPC format. Default: <see cref="ArrowIpcFormat.File"/>.</summary>
    public ArrowIpcFormat Format { get; init; } = ArrowIpcFormat.File;

    /// <summary>The most rows in one record batch; a reader holds one batch at a time. Default: 65,536.</summary>
    public int BatchRows { get; init; } = 1 << 16;

    /// <summary>Checks that the settings make sense together.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><see cref="BatchRows"/> is less than 1, or <see cref="Format"/> is unknown.</exception>
    public void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(BatchRows, 1, nameof(BatchRows));
        if (!Enum.IsDefined(Format))
        {
            throw new ArgumentOutOfRangeException(nameof(Format), Format, "Unknown Arrow IPC format.");
        }
    }
}
