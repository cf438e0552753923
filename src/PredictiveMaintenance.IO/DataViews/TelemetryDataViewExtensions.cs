using Microsoft.ML;

namespace PredictiveMaintenance.IO;

/// <summary>Conversions between telemetry tables and ML.NET <see cref="IDataView"/>s.</summary>
public static class TelemetryDataViewExtensions
{

    /// <summary>
    /// An <see cref="IDataView"/> over the table itself, copying nothing: the asset as text, the time as a UTC
    /// <see cref="DateTime"/> (<see cref="TimeKind.UtcTimestamp"/>) or <see cref="long"/> (<see cref="TimeKind.Cycle"/>),
    /// and each channel as <see cref="double"/>, NaN where a reading is missing (ML.NET's missing value). The row count
    /// is known, and the view can shuffle and split into parallel cursors.
    /// </summary>
    /// <param name="table">The table.</param>
    /// <exception cref="DataQualityException">A timestamp is outside the years 1 to 9999, which a <see cref="DateTime"/> cannot hold.</exception>
    public static IDataView ToDataView(this TelemetryTable table)
    {
        ArgumentNullException.ThrowIfNull(table);
        if (table.Schema.TimeKind == TimeKind.UtcTimestamp)
        {
            for (int a = 0; a < table.AssetCount; a++)
            {
                ReadOnlySpan<long> times = table.GetTimes(a);
                if (times[0] < UnixTime.MinMicroseconds || times[^1] > UnixTime.MaxMicroseconds)
                {
                    throw new DataQualityException(FormattableString.Invariant(
                        $"Asset '{table.AssetIds[a]}' has a time of {(times[0] < UnixTime.MinMicroseconds ? times[0] : times[^1])} microseconds since 1970, outside the years 1 to 9999 that a DateTime column can hold."));
                }
            }
        }

        return new TelemetryDataView(table);
    }

    /// <summary>
    /// Reads a view laid out by <see cref="ToDataView(TelemetryTable)"/> (or by ML.NET transforms that keep those
    /// columns) back into a table, its columns found by the names in <paramref name="schema"/>: values as written,
    /// duplicates and rows out of order quarantined.
    /// </summary>
    /// <param name="view">The view.</param>
    /// <param name="schema">The schema of the table.</param>
    /// <exception cref="SchemaException">A column of the schema is missing or of a type its role cannot take.</exception>
    public static TelemetryBatch ToTelemetryBatch(this IDataView view, TelemetrySchema schema)
    {
        ArgumentNullException.ThrowIfNull(schema);
        return DataViewColumns.Read(view, ColumnarSource.MappingOf(schema), ColumnarReadOptions.AsWritten, "IDataView");
    }

    /// <summary>
    /// Reads any view as telemetry through a mapping, cleaned like delimited text: the line of a row is its 1-based
    /// position in the view's cursor. Hidden columns are not seen.
    /// </summary>
    /// <remarks>
    /// Column types: the asset may be text or any integer (written in the invariant culture); the time a
    /// <see cref="DateTime"/> (UTC or unspecified; a local time is quarantined), a <see cref="DateTimeOffset"/> or an
    /// int64 of microseconds for <see cref="TimeKind.UtcTimestamp"/>, or any integer for <see cref="TimeKind.Cycle"/>;
    /// a channel any integer, <see cref="float"/> or <see cref="double"/>. ML.NET marks a missing value with NaN, so a
    /// NaN channel value is missing, not a non-finite value.
    /// </remarks>
    /// <param name="view">The view.</param>
    /// <param name="mapping">Which columns are the asset, the time and the channels.</param>
    /// <param name="dataQuality">The cleaning rules. Default: <see cref="DataQualityOptions"/> defaults.</param>
    /// <param name="sourceName">The name used in positions and messages.</param>
    /// <exception cref="SchemaException">A mapped column is missing, or of a type its role cannot take.</exception>
    public static TelemetryBatch ToTelemetryBatch(this IDataView view, TelemetryColumnMapping mapping, DataQualityOptions? dataQuality = null, string sourceName = "IDataView")
    {
        ArgumentNullException.ThrowIfNull(mapping);
        ArgumentException.ThrowIfNullOrEmpty(sourceName);
        return DataViewColumns.Read(view, mapping, dataQuality ?? new DataQualityOptions(), sourceName);
    }
}
