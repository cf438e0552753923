namespace PredictiveMaintenance.IO;

/// <summary>How to read telemetry from a columnar source: a Parquet or Arrow IPC file, a record batch.</summary>
/// <remarks>
/// Without <see cref="Columns"/> the source must carry the <see cref="TelemetrySchemaMetadata.Key"/> metadata that this
/// package's writers store, and it is read back as written. With <see cref="Columns"/>, any source maps in, and it is
/// cleaned like delimited text.
/// </remarks>
public sealed class ColumnarReadOptions
{
    /// <summary>
    /// Which columns are the asset, the time and the channels. Default (null): the ones named by the source's
    /// <see cref="TelemetrySchemaMetadata.Key"/> metadata, with its time kind and channel roles.
    /// </summary>
    public TelemetryColumnMapping? Columns { get; init; }

    /// <summary>
    /// The cleaning rules. Default (null): with <see cref="Columns"/> set, the <see cref="DataQualityOptions"/> defaults;
    /// without, values are read as written (<see cref="NonFiniteValuePolicy.Keep"/>, no check for future times), because
    /// a table was cleaned before it was written, and duplicates or rows out of order are still quarantined.
    /// </summary>
    public DataQualityOptions? DataQuality { get; init; }

    /// <summary>Checks that the settings make sense together.</summary>
    /// <exception cref="ArgumentException">The mapping is inconsistent.</exception>
    public void Validate() => Columns?.Validate();

    /// <summary>The rules for reading back a table this package wrote.</summary>
    internal static DataQualityOptions AsWritten { get; } = new() { NonFiniteValues = NonFiniteValuePolicy.Keep, FutureTolerance = null };

    /// <summary>The rules that apply: <see cref="DataQuality"/>, or the default for the kind of source.</summary>
    internal DataQualityOptions EffectiveDataQuality => DataQuality ?? (Columns is null ? AsWritten : new DataQualityOptions());
}
