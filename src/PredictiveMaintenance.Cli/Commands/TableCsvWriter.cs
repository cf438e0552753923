using System.Globalization;
using System.Text;
using System.Text.Json;
using Apache.Arrow;
using Apache.Arrow.Types;

namespace PredictiveMaintenance.Cli.Commands;

/// <summary>
/// Writes Arrow record batches as CSV (RFC 4180: comma-separated, a header line, fields quoted when they hold a comma, a
/// quote or a line break, lines ending in <c>\n</c>), in forms the IO readers parse back: numbers in the invariant
/// culture with every digit needed to round-trip, timestamps as ISO-8601 (<c>Z</c> for UTC), dates as
/// <c>yyyy-MM-dd</c>, nulls as empty fields, binary as base64 and nested values as JSON.
/// </summary>
internal static class TableCsvWriter
{
    /// <summary>Writes the header and then every row of every batch; returns the rows written.</summary>
    /// <param name="writer">Where to write.</param>
    /// <param name="columns">The column names, for the header (batches may be none).</param>
    /// <param name="batches">The rows, each batch with the columns in header order.</param>
    /// <param name="missingAsEmpty">Write NaN doubles as empty fields, as telemetry marks missing readings.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    public static async Task<long> WriteAsync(TextWriter writer, IReadOnlyList<string> columns, IAsyncEnumerable<RecordBatch> batches, bool missingAsEmpty, CancellationToken cancellationToken)
    {
        writer.NewLine = "\n";
        await writer.WriteLineAsync(string.Join(',', columns.Select(Quote)));
        long rows = 0;
        var line = new StringBuilder();
        await foreach (RecordBatch batch in batches.WithCancellation(cancellationToken))
        {
            for (int row = 0; row < batch.Length; row++)
            {
                line.Clear();
                for (int c = 0; c < batch.ColumnCount; c++)
                {
                    if (c > 0)
                    {
                        line.Append(',');
                    }

                    line.Append(Quote(Field(batch.Column(c), row, missingAsEmpty)));
                }

                await writer.WriteLineAsync(line, cancellationToken);
            }

            rows += batch.Length;
        }

        return rows;
    }

    /// <summary>The text of one value; empty for null.</summary>
    internal static string Field(IArrowArray array, int index, bool missingAsEmpty)
    {
        if (array.IsNull(index))
        {
            return string.Empty;
        }

        return array switch
        {
            DictionaryArray d => Field(d.Dictionary, DictionaryIndex(d, index), missingAsEmpty),
            StringArray s => s.GetString(index),
            BooleanArray b => b.GetValue(index)!.Value ? "true" : "false",
            Int8Array a => a.Values[index].ToString(CultureInfo.InvariantCulture),
            Int16Array a => a.Values[index].ToString(CultureInfo.InvariantCulture),
            Int32Array a => a.Values[index].ToString(CultureInfo.InvariantCulture),
            Int64Array a => a.Values[index].ToString(CultureInfo.InvariantCulture),
            FloatArray a => a.Values[index].ToString(CultureInfo.InvariantCulture),
            DoubleArray a => missingAsEmpty && double.IsNaN(a.Values[index]) ? string.Empty : a.Values[index].ToString(CultureInfo.InvariantCulture),
            Decimal128Array a => a.GetValue(index)!.Value.ToString(CultureInfo.InvariantCulture),
            Date32Array a => DateOnly.FromDayNumber(DateOnly.FromDateTime(DateTime.UnixEpoch).DayNumber + a.Values[index]).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            TimestampArray a => Timestamp(a, index),
            BinaryArray a => Convert.ToBase64String(a.GetBytes(index)),
            StructArray or ListArray or MapArray => JsonOf(array, index),
            _ => throw new ArgumentException($"Arrow {array.Data.DataType.Name} values cannot be written as CSV."),
        };
    }

    private static string Timestamp(TimestampArray array, int index)
    {
        var type = (TimestampType)array.Data.DataType;
        long value = array.Values[index];
        long micros = type.Unit switch
        {
            TimeUnit.Second => value * UnixTime.MicrosecondsPerSecond,
            TimeUnit.Millisecond => value * 1000,
            TimeUnit.Nanosecond => Math.DivRem(value, 1000) is (long q, < 0) ? q - 1 : value / 1000,
            _ => value,
        };

        // A timestamp without a time zone (Delta timestamp_ntz) is a wall-clock reading, written without the Z.
        string text = UnixTime.Format(micros);
        return string.IsNullOrEmpty(type.Timezone) ? text.TrimEnd('Z') : text;
    }

    private static int DictionaryIndex(DictionaryArray array, int index) => array.Indices switch
    {
        Int8Array i => i.Values[index],
        UInt8Array i => i.Values[index],
        Int16Array i => i.Values[index],
        UInt16Array i => i.Values[index],
        Int32Array i => i.Values[index],
        UInt32Array i => checked((int)i.Values[index]),
        Int64Array i => checked((int)i.Values[index]),
        UInt64Array i => checked((int)i.Values[index]),
        _ => throw new ArgumentException($"Dictionary indices of type {array.Indices.Data.DataType.Name} cannot be written as CSV."),
    };

    private static string JsonOf(IArrowArray array, int index)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            WriteJson(json, array, index);
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static void WriteJson(Utf8JsonWriter json, IArrowArray array, int index)
    {
        if (array.IsNull(index))
        {
            json.WriteNullValue();
            return;
        }

        switch (array)
        {
            case StructArray s:
                json.WriteStartObject();
                var fields = ((StructType)s.Data.DataType).Fields;
                for (int f = 0; f < fields.Count; f++)
                {
                    json.WritePropertyName(fields[f].Name);
                    WriteJson(json, s.Fields[f], index);
                }

                json.WriteEndObject();
                break;
            case MapArray m:
                json.WriteStartObject();
                for (int i = m.ValueOffsets[index]; i < m.ValueOffsets[index + 1]; i++)
                {
                    json.WritePropertyName(Field(m.Keys, i, missingAsEmpty: false));
                    WriteJson(json, m.Values, i);
                }

                json.WriteEndObject();
                break;
            case ListArray l:
                json.WriteStartArray();
                for (int i = l.ValueOffsets[index]; i < l.ValueOffsets[index + 1]; i++)
                {
                    WriteJson(json, l.Values, i);
                }

                json.WriteEndArray();
                break;
            case BooleanArray b:
                json.WriteBooleanValue(b.GetValue(index)!.Value);
                break;
            case Int8Array or Int16Array or Int32Array or Int64Array or Decimal128Array:
                json.WriteRawValue(Field(array, index, missingAsEmpty: false));
                break;
            case FloatArray or DoubleArray:
                string number = Field(array, index, missingAsEmpty: false);
                if (double.IsFinite(double.Parse(number, CultureInfo.InvariantCulture)))
                {
                    json.WriteRawValue(number);
                }
                else
                {
                    // JSON has no NaN or infinity; their names as strings are what JSON.NET and Spark write.
                    json.WriteStringValue(number);
                }

                break;
            default:
                json.WriteStringValue(Field(array, index, missingAsEmpty: false));
                break;
        }
    }

    private static string Quote(string field) =>
        field.AsSpan().IndexOfAny(",\"\r\n") < 0 ? field : "\"" + field.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
}
