using System.Runtime.InteropServices;
using Microsoft.Data.Analysis;

namespace PredictiveMaintenance.IO;

/// <summary>Conversions between telemetry tables and Microsoft.Data.Analysis <see cref="DataFrame"/>s.</summary>
/// <remarks>
/// <para>
/// Layout of a frame made from a table: the asset as a <see cref="StringDataFrameColumn"/> (each row refers to the
/// table's id string, none is copied); the time as a <see cref="DateTimeDataFrameColumn"/> of UTC times for
/// <see cref="TimeKind.UtcTimestamp"/> tables or an <see cref="Int64DataFrameColumn"/> for <see cref="TimeKind.Cycle"/>
/// tables; one <see cref="DoubleDataFrameColumn"/> per channel, where a missing reading (NaN) is null, because a
/// DataFrame's missing-value operations (<c>FillNulls</c>, <c>DropNulls</c>, the null-skipping aggregates) work on nulls.
/// Infinities, negative zero and subnormals are kept. A DataFrame has no metadata, so the way back takes the schema.
/// </para>
/// <para>
/// The time and channel columns are built on one copy of the table's values each; the string column holds one
/// reference per row (a <c>List&lt;string&gt;</c> is how <see cref="StringDataFrameColumn"/> stores strings).
/// </para>
/// </remarks>
public static class TelemetryDataFrameExtensions
{
    /// <summary>Copies a table into a DataFrame (see the remarks of <see cref="TelemetryDataFrameExtensions"/> for the layout).</summary>
    /// <param name="table">The table.</param>
    public static DataFrame ToDataFrame(this TelemetryTable table)
    {
        ArgumentNullException.ThrowIfNull(table);
        TelemetrySchema schema = table.Schema;
        int rows = table.RowCount;
        var columns = new List<DataFrameColumn>(2 + schema.Channels.Count)
        {
            new StringDataFrameColumn(schema.AssetColumn, AssetIdsByRow(table)),
        };
        if (schema.TimeKind == TimeKind.UtcTimestamp)
        {
            byte[] times = new byte[rows * sizeof(long)];
            Span<DateTime> utc = MemoryMarshal.Cast<byte, DateTime>(times.AsSpan());
            ReadOnlySpan<long> microseconds = table.Times;
            for (int i = 0; i < rows; i++)
            {
                utc[i] = UnixTime.ToDateTime(microseconds[i]);
            }

            columns.Add(new DateTimeDataFrameColumn(schema.TimeColumn, times, ReadOnlyMemory<byte>.Empty, rows, 0));
        }
        else
        {
            columns.Add(new Int64DataFrameColumn(schema.TimeColumn, MemoryMarshal.AsBytes(table.Times).ToArray(), ReadOnlyMemory<byte>.Empty, rows, 0));
        }

        for (int c = 0; c < schema.Channels.Count; c++)
        {
            ReadOnlySpan<double> values = table.GetChannel(c);
            byte[] valid = new byte[(rows + 7) >> 3];
            int nulls = 0;
            for (int i = 0; i < rows; i++)
            {
                if (double.IsNaN(values[i]))
                {
                    nulls++;
                }
                else
                {
                    valid[i >> 3] |= (byte)(1 << (i & 7));
                }
            }

            columns.Add(new DoubleDataFrameColumn(schema.Channels[c].Name, MemoryMarshal.AsBytes(values).ToArray(), valid, rows, nulls));
        }

        return new DataFrame(columns);
    }

    /// <summary>
    /// Reads a DataFrame laid out by <see cref="ToDataFrame(TelemetryTable)"/> back into a table exactly, its columns
    /// found by the names in <paramref name="schema"/>: values as written (nulls become NaN), duplicates and rows out of
    /// order quarantined.
    /// </summary>
    /// <param name="frame">The frame.</param>
    /// <param name="schema">The schema of the table it was made from.</param>
    /// <exception cref="SchemaException">A column of the schema is missing or of a type its role cannot take.</exception>
    public static TelemetryBatch ToTelemetryBatch(this DataFrame frame, TelemetrySchema schema)
    {
        ArgumentNullException.ThrowIfNull(schema);
        return Read(frame, ColumnarSource.MappingOf(schema), ColumnarReadOptions.AsWritten, "DataFrame");
    }

    /// <summary>
    /// Reads any DataFrame as telemetry through a mapping, cleaned like delimited text: the line of a row is its 1-based
    /// row number in the frame.
    /// </summary>
    /// <remarks>
    /// Column types: the asset may be a string column or any integer column (written in the invariant culture); the time
    /// a <see cref="DateTime"/> column (UTC or unspecified; a local time is quarantined), a <see cref="DateTimeOffset"/>
    /// column or an int64 column of microseconds for <see cref="TimeKind.UtcTimestamp"/>, or any integer column for
    /// <see cref="TimeKind.Cycle"/>; a channel any integer, float, double or decimal column. A null channel is a missing
    /// value; a row with a null asset or time is quarantined.
    /// </remarks>
    /// <param name="frame">The frame.</param>
    /// <param name="mapping">Which columns are the asset, the time and the channels.</param>
    /// <param name="dataQuality">The cleaning rules. Default: <see cref="DataQualityOptions"/> defaults.</param>
    /// <param name="sourceName">The name used in positions and messages.</param>
    /// <exception cref="SchemaException">A mapped column is missing, or of a type its role cannot take.</exception>
    public static TelemetryBatch ToTelemetryBatch(this DataFrame frame, TelemetryColumnMapping mapping, DataQualityOptions? dataQuality = null, string sourceName = "DataFrame")
    {
        ArgumentNullException.ThrowIfNull(mapping);
        ArgumentException.ThrowIfNullOrEmpty(sourceName);
        return Read(frame, mapping, dataQuality ?? new DataQualityOptions(), sourceName);
    }

    private static IEnumerable<string> AssetIdsByRow(TelemetryTable table)
    {
        for (int a = 0; a < table.AssetCount; a++)
        {
            string id = table.AssetIds[a];
            for (int row = table.AssetOffsets[a]; row < table.AssetOffsets[a + 1]; row++)
            {
                yield return id;
            }
        }
    }

    private static TelemetryBatch Read(DataFrame frame, TelemetryColumnMapping mapping, DataQualityOptions dataQuality, string source)
    {
        ArgumentNullException.ThrowIfNull(frame);
        string[] header = [.. frame.Columns.Select(c => c.Name)];
        ResolvedTelemetryColumns columns = ColumnarSource.Resolve(mapping, header, null, source, nameof(ToDataFrame));
        ColumnarChunk chunk = DataFrameColumns.Read(frame, columns, source);
        var feeder = new ColumnarRowFeeder(columns, dataQuality, source, chunk.RowCount);
        feeder.Feed(chunk);
        return feeder.Cleaner.Flush();
    }
}
