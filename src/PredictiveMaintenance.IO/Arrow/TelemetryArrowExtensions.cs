using System.Runtime.InteropServices;
using Apache.Arrow;
using Apache.Arrow.Types;

namespace PredictiveMaintenance.IO;

/// <summary>Conversions between telemetry tables and Apache Arrow record batches.</summary>
/// <remarks>
/// <para>
/// Layout of a batch made from a table: the asset as a dictionary-encoded string column (int32 indices into the
/// table's asset ids, which are in <see cref="AssetIdComparer"/> order); the time as <c>timestamp[us, tz=UTC]</c> for
/// <see cref="TimeKind.UtcTimestamp"/> tables or <c>int64</c> for <see cref="TimeKind.Cycle"/> tables; one
/// <c>double</c> column per channel, without nulls: a missing reading stays NaN, so the values are the table's bits.
/// The schema, with its time kind and roles, is stored as JSON under <see cref="TelemetrySchemaMetadata.Key"/> in the
/// Arrow schema's metadata.
/// </para>
/// <para>Each column is copied once into an Arrow buffer, so the batch does not depend on the table.</para>
/// </remarks>
public static class TelemetryArrowExtensions
{
    /// <summary>The Arrow schema of record batches made from tables of <paramref name="schema"/>.</summary>
    /// <param name="schema">The telemetry schema.</param>
    public static Schema ToArrowSchema(this TelemetrySchema schema)
    {
        ArgumentNullException.ThrowIfNull(schema);
        IArrowType time = schema.TimeKind == TimeKind.UtcTimestamp ? new TimestampType(TimeUnit.Microsecond, "UTC") : Int64Type.Default;
        return new Schema(
            [
                new Field(schema.AssetColumn, new DictionaryType(Int32Type.Default, StringType.Default, ordered: false), nullable: false),
                new Field(schema.TimeColumn, time, nullable: false),
                .. schema.Channels.Select(c => new Field(c.Name, DoubleType.Default, nullable: false)),
            ],
            [new KeyValuePair<string, string>(TelemetrySchemaMetadata.Key, TelemetrySchemaMetadata.ToJson(schema))]);
    }

    /// <summary>Copies a table into one record batch (see the remarks of <see cref="TelemetryArrowExtensions"/> for the layout).</summary>
    /// <param name="table">The table.</param>
    public static RecordBatch ToRecordBatch(this TelemetryTable table)
    {
        ArgumentNullException.ThrowIfNull(table);
        return ToRecordBatch(table, table.Schema.ToArrowSchema(), DictionaryOf(table), 0, table.RowCount);
    }

    /// <summary>
    /// Reads a record batch made by <see cref="ToRecordBatch(TelemetryTable)"/> (or read from a file that
    /// <see cref="ArrowTelemetryWriter"/> wrote) back into a table exactly: values as written, duplicates and rows out
    /// of order quarantined.
    /// </summary>
    /// <param name="batch">A batch with <see cref="TelemetrySchemaMetadata.Key"/> metadata.</param>
    /// <exception cref="SchemaException">The batch has no telemetry schema metadata, or its columns do not match it.</exception>
    public static TelemetryBatch ToTelemetryBatch(this RecordBatch batch) =>
        Read(batch, null, ColumnarReadOptions.AsWritten, "record batch");

    /// <summary>
    /// Reads any record batch as telemetry through a mapping, cleaned like delimited text: the line of a row is its
    /// 1-based row number in the batch. Column types are those <see cref="ArrowTelemetryReader"/> accepts.
    /// </summary>
    /// <param name="batch">The batch.</param>
    /// <param name="mapping">Which columns are the asset, the time and the channels.</param>
    /// <param name="dataQuality">The cleaning rules. Default: <see cref="DataQualityOptions"/> defaults.</param>
    /// <param name="sourceName">The name used in positions and messages.</param>
    /// <exception cref="SchemaException">A mapped column is missing, or of a type its role cannot take.</exception>
    public static TelemetryBatch ToTelemetryBatch(this RecordBatch batch, TelemetryColumnMapping mapping, DataQualityOptions? dataQuality = null, string sourceName = "record batch")
    {
        ArgumentNullException.ThrowIfNull(mapping);
        ArgumentException.ThrowIfNullOrEmpty(sourceName);
        return Read(batch, mapping, dataQuality ?? new DataQualityOptions(), sourceName);
    }

    /// <summary>The asset ids of a table as the dictionary of its asset column.</summary>
    internal static StringArray DictionaryOf(TelemetryTable table) => new StringArray.Builder().AppendRange(table.AssetIds).Build();

    /// <summary>Copies rows <c>[start, start + count)</c> of a table into a batch that shares <paramref name="dictionary"/>.</summary>
    internal static RecordBatch ToRecordBatch(TelemetryTable table, Schema schema, StringArray dictionary, int start, int count)
    {
        byte[] indices = new byte[count * sizeof(int)];
        Span<int> codes = MemoryMarshal.Cast<byte, int>(indices.AsSpan());
        ReadOnlySpan<int> offsets = table.AssetOffsets;
        for (int a = count == 0 ? 0 : table.GetAssetCodeOfRow(start), row = start; row < start + count; a++)
        {
            int end = Math.Min(offsets[a + 1], start + count);
            codes[(row - start)..(end - start)].Fill(a);
            row = end;
        }

        var arrays = new List<IArrowArray>(2 + table.Schema.Channels.Count)
        {
            new DictionaryArray(
                (DictionaryType)schema.GetFieldByIndex(0).DataType,
                new Int32Array(new ArrowBuffer(indices), ArrowBuffer.Empty, count, 0, 0),
                dictionary),
        };
        var times = new ArrowBuffer(MemoryMarshal.AsBytes(table.Times.Slice(start, count)).ToArray());
        arrays.Add(schema.GetFieldByIndex(1).DataType is TimestampType timestamp
            ? new TimestampArray(timestamp, times, ArrowBuffer.Empty, count, 0, 0)
            : new Int64Array(times, ArrowBuffer.Empty, count, 0, 0));
        for (int c = 0; c < table.Schema.Channels.Count; c++)
        {
            byte[] values = MemoryMarshal.AsBytes(table.GetChannel(c).Slice(start, count)).ToArray();
            arrays.Add(new DoubleArray(new ArrowBuffer(values), ArrowBuffer.Empty, count, 0, 0));
        }

        return new RecordBatch(schema, arrays, count);
    }

    private static TelemetryBatch Read(RecordBatch batch, TelemetryColumnMapping? mapping, DataQualityOptions dataQuality, string source)
    {
        ArgumentNullException.ThrowIfNull(batch);
        Schema schema = batch.Schema;
        ResolvedTelemetryColumns columns = ColumnarSource.Resolve(
            mapping, [.. schema.FieldsList.Select(f => f.Name)], schema.HasMetadata ? schema.Metadata : null, source, "ToRecordBatch or ArrowTelemetryWriter");
        var arrowColumns = new ArrowColumns(columns, schema, source);
        var feeder = new ColumnarRowFeeder(columns, dataQuality, source, batch.Length);
        feeder.Feed(arrowColumns.Read(batch));
        return feeder.Cleaner.Flush();
    }
}
