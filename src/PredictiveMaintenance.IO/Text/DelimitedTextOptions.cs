namespace PredictiveMaintenance.IO;

/// <summary>How to read a delimited text file of telemetry. Validated as a whole by <see cref="Validate"/>.</summary>
/// <remarks>
/// Text is UTF-8 (a byte-order mark is skipped), lines end with LF or CRLF (mixed is fine), numbers use the invariant
/// culture, and a field may be quoted with <c>"</c> (doubled inside to escape it; quoted fields may span lines).
/// Gzip input is recognised by its magic bytes, whatever the file is called.
/// </remarks>
public sealed class DelimitedTextOptions
{
    /// <summary>Which columns are the asset, the time and the channels.</summary>
    public required TelemetryColumnMapping Columns { get; init; }

    /// <summary>The field separator. Default: comma.</summary>
    public FieldDelimiter Delimiter { get; init; } = FieldDelimiter.Comma;

    /// <summary>Whether the first line names the columns. Default: true. Without a header, every record must have as many fields as the first one.</summary>
    public bool HasHeader { get; init; } = true;

    /// <summary>How timestamps are written, when <see cref="TelemetryColumnMapping.TimeKind"/> is <see cref="TimeKind.UtcTimestamp"/>. Default: ISO-8601.</summary>
    public TimestampFormat TimestampFormat { get; init; } = TimestampFormat.Iso8601;

    /// <summary>The cleaning rules. Default: <see cref="DataQualityOptions"/> defaults.</summary>
    public DataQualityOptions DataQuality { get; init; } = new();

    /// <summary>
    /// Rows per batch when reading with <c>ReadBatchesAsync</c>; memory grows with this, not with the file. Default: 262,144.
    /// </summary>
    public int BatchRows { get; init; } = 1 << 18;

    /// <summary>Checks that the settings make sense together.</summary>
    /// <exception cref="ArgumentException">A setting is out of range or contradicts another.</exception>
    public void Validate()
    {
        ArgumentNullException.ThrowIfNull(Columns);
        ArgumentNullException.ThrowIfNull(TimestampFormat);
        ArgumentNullException.ThrowIfNull(DataQuality);
        Columns.Validate();
        ArgumentOutOfRangeException.ThrowIfLessThan(BatchRows, 1, nameof(BatchRows));
        if (!HasHeader && (Columns.AssetColumn is { Name: not null } || Columns.TimeColumn is not { Name: null } || Columns.Channels?.Any(c => c.Column.Name is not null) == true))
        {
            throw new ArgumentException("Without a header, columns can only be referred to by position (ColumnReference.ByIndex), and the asset and time columns must be given.");
        }
    }
}
