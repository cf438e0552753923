using System.Globalization;
using Apache.Arrow;
using Parquet;
using Parquet.Schema;

namespace PredictiveMaintenance.DeltaLake;

/// <summary>Writes one primitive Parquet column from Arrow values or boxed values, as packed non-null values plus definition levels.</summary>
internal static class PrimitiveColumnWriter
{
    /// <summary>Writes rows <c>[start, start + count)</c> of an Arrow column as one column chunk.</summary>
    /// <param name="rowGroup">The row group being written.</param>
    /// <param name="node">The column's leaf.</param>
    /// <param name="column">The values.</param>
    /// <param name="start">The first row.</param>
    /// <param name="count">How many rows.</param>
    /// <param name="statistics">The file's statistics of the column, extended with these rows.</param>
    /// <param name="timestampBounds">For timestamp columns, collects the chunk's bounds in microseconds.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    public static async Task WriteAsync(ParquetRowGroupWriter rowGroup, WriteNode node, ColumnValues column, int start, int count, ColumnStatistics statistics, TimestampBounds? timestampBounds, CancellationToken cancellationToken)
    {
        IArrowArray array = column.Array!;
        var field = (DataField)node.Field;
        int[]? rows = column.Rows;
        int[] definitions = new int[count];
        int defined = 0;
        for (int i = 0; i < count; i++)
        {
            int row = rows is null ? start + i : rows[start + i];
            if (array.IsValid(row))
            {
                definitions[i] = 1;
                defined++;
            }
        }

        statistics.AddNulls(count - defined);
        if (!node.Optional && defined != count)
        {
            throw new SchemaException($"Column '{column.Field.Name}' is not nullable but holds {count - defined} nulls.");
        }

        int[]? levels = node.Optional ? definitions : null;
        switch (array)
        {
            case Int8Array a:
                await WriteAsync(rowGroup, field, Gather(a.Values, rows, start, count, definitions, defined, statistics), levels, cancellationToken).ConfigureAwait(false);
                break;
            case Int16Array a:
                await WriteAsync(rowGroup, field, Gather(a.Values, rows, start, count, definitions, defined, statistics), levels, cancellationToken).ConfigureAwait(false);
                break;
            case Int32Array a:
                await WriteAsync(rowGroup, field, Gather(a.Values, rows, start, count, definitions, defined, statistics), levels, cancellationToken).ConfigureAwait(false);
                break;
            case Int64Array a:
                await WriteAsync(rowGroup, field, Gather(a.Values, rows, start, count, definitions, defined, statistics), levels, cancellationToken).ConfigureAwait(false);
                break;
            case FloatArray a:
                await WriteAsync(rowGroup, field, Gather(a.Values, rows, start, count, definitions, defined, statistics), levels, cancellationToken).ConfigureAwait(false);
                break;
            case DoubleArray a:
                await WriteAsync(rowGroup, field, Gather(a.Values, rows, start, count, definitions, defined, statistics), levels, cancellationToken).ConfigureAwait(false);
                break;
            case BooleanArray a:
                {
                    var values = new bool[defined];
                    int v = 0;
                    for (int i = 0; i < count; i++)
                    {
                        if (definitions[i] == 1)
                        {
                            values[v++] = a.GetValue(rows is null ? start + i : rows[start + i])!.Value;
                        }
                    }

                    await WriteAsync(rowGroup, field, values, levels, cancellationToken).ConfigureAwait(false);
                    break;
                }

            case Date32Array a:
                {
                    var values = new DateTime[defined];
                    int v = 0;
                    for (int i = 0; i < count; i++)
                    {
                        if (definitions[i] == 1)
                        {
                            int days = a.Values[rows is null ? start + i : rows[start + i]];
                            statistics.Add(days);
                            values[v++] = DateTime.UnixEpoch.AddDays(days);
                        }
                    }

                    await WriteAsync(rowGroup, field, values, levels, cancellationToken).ConfigureAwait(false);
                    break;
                }

            case TimestampArray a:
                {
                    var values = new DateTime[defined];
                    int v = 0;
                    ReadOnlySpan<long> micros = a.Values;
                    for (int i = 0; i < count; i++)
                    {
                        if (definitions[i] == 1)
                        {
                            long value = micros[rows is null ? start + i : rows[start + i]];
                            statistics.Add(value);
                            timestampBounds?.Add(value);
                            values[v++] = ArrowValues.ToDateTime(value, column.Field.Name);
                        }
                    }

                    await WriteAsync(rowGroup, field, values, levels, cancellationToken).ConfigureAwait(false);
                    break;
                }

            case Decimal128Array a:
                {
                    var values = new decimal[defined];
                    int v = 0;
                    for (int i = 0; i < count; i++)
                    {
                        if (definitions[i] == 1)
                        {
                            decimal value = a.GetValue(rows is null ? start + i : rows[start + i])!.Value;
                            statistics.Add(value);
                            values[v++] = value;
                        }
                    }

                    await WriteAsync(rowGroup, field, values, levels, cancellationToken).ConfigureAwait(false);
                    break;
                }

            case DictionaryArray { Dictionary: StringArray entries } a:
                {
                    // Each distinct id is decoded once; Parquet.Net dictionary-encodes the column again as it writes.
                    var decoded = new ReadOnlyMemory<char>[entries.Length];
                    for (int e = 0; e < entries.Length; e++)
                    {
                        decoded[e] = entries.IsNull(e) ? default : entries.GetString(e).AsMemory();
                    }

                    var values = new ReadOnlyMemory<char>[defined];
                    int v = 0;
                    for (int i = 0; i < count; i++)
                    {
                        if (definitions[i] == 1)
                        {
                            int entry = ArrowValues.DictionaryIndex(a, rows is null ? start + i : rows[start + i], column.Field.Name);
                            if (entries.IsNull(entry))
                            {
                                throw new SchemaException($"Column '{column.Field.Name}' has a dictionary entry {entry} that is null; dictionary-encoded strings must have non-null entries.");
                            }

                            statistics.Add(decoded[entry].ToString());
                            values[v++] = decoded[entry];
                        }
                    }

                    await WriteAsync(rowGroup, field, values, levels, cancellationToken).ConfigureAwait(false);
                    break;
                }

            case StringArray a:
                {
                    var values = new ReadOnlyMemory<char>[defined];
                    int v = 0;
                    for (int i = 0; i < count; i++)
                    {
                        if (definitions[i] == 1)
                        {
                            string value = a.GetString(rows is null ? start + i : rows[start + i]);
                            statistics.Add(value);
                            values[v++] = value.AsMemory();
                        }
                    }

                    await WriteAsync(rowGroup, field, values, levels, cancellationToken).ConfigureAwait(false);
                    break;
                }

            case BinaryArray a:
                {
                    var values = new ReadOnlyMemory<byte>[defined];
                    int v = 0;
                    for (int i = 0; i < count; i++)
                    {
                        if (definitions[i] == 1)
                        {
                            values[v++] = a.GetBytes(rows is null ? start + i : rows[start + i]).ToArray();
                        }
                    }

                    await WriteAsync(rowGroup, field, values, levels, cancellationToken).ConfigureAwait(false);
                    break;
                }

            default:
                throw new SchemaException($"Column '{column.Field.Name}' holds Arrow {array.Data.DataType.Name} values, which this writer cannot write as {column.Field.Type}.");
        }
    }

    private static T[] Gather<T>(ReadOnlySpan<T> source, int[]? rows, int start, int count, int[] definitions, int defined, ColumnStatistics statistics)
        where T : unmanaged, IComparable<T>
    {
        var values = new T[defined];
        int v = 0;
        if (rows is null && defined == count)
        {
            source.Slice(start, count).CopyTo(values);
        }
        else
        {
            for (int i = 0; i < count; i++)
            {
                if (definitions[i] == 1)
                {
                    values[v++] = source[rows is null ? start + i : rows[start + i]];
                }
            }
        }

        statistics.AddRange<T>(values);
        return values;
    }

    private static Task WriteAsync<T>(ParquetRowGroupWriter rowGroup, DataField field, T[] values, int[]? definitions, CancellationToken cancellationToken)
        where T : struct =>
        definitions is null
            ? rowGroup.WriteAsync<T>(field, values, null, null, cancellationToken)
            : rowGroup.WriteAllPartsAsync<T>(field, values, definitions, null, cancellationToken);

    /// <summary>Writes the leaf of a nested column from boxed values (see <see cref="ArrowValues.ToObject"/>).</summary>
    public static async Task WriteBoxedAsync(ParquetRowGroupWriter rowGroup, DataField field, DeltaType type, List<object> values, int[]? definitions, int[]? repetitions, CancellationToken cancellationToken)
    {
        Task task = type switch
        {
            DeltaDecimalType => rowGroup.WriteAllPartsAsync<decimal>(field, values.Select(v => System.Convert.ToDecimal(v, CultureInfo.InvariantCulture)).ToArray(), definitions, repetitions, cancellationToken),
            _ when type == DeltaPrimitiveType.Byte => rowGroup.WriteAllPartsAsync<sbyte>(field, values.Select(v => System.Convert.ToSByte(v, CultureInfo.InvariantCulture)).ToArray(), definitions, repetitions, cancellationToken),
            _ when type == DeltaPrimitiveType.Short => rowGroup.WriteAllPartsAsync<short>(field, values.Select(v => System.Convert.ToInt16(v, CultureInfo.InvariantCulture)).ToArray(), definitions, repetitions, cancellationToken),
            _ when type == DeltaPrimitiveType.Integer => rowGroup.WriteAllPartsAsync<int>(field, values.Select(v => System.Convert.ToInt32(v, CultureInfo.InvariantCulture)).ToArray(), definitions, repetitions, cancellationToken),
            _ when type == DeltaPrimitiveType.Long => rowGroup.WriteAllPartsAsync<long>(field, values.Select(v => System.Convert.ToInt64(v, CultureInfo.InvariantCulture)).ToArray(), definitions, repetitions, cancellationToken),
            _ when type == DeltaPrimitiveType.Float => rowGroup.WriteAllPartsAsync<float>(field, values.Select(v => System.Convert.ToSingle(v, CultureInfo.InvariantCulture)).ToArray(), definitions, repetitions, cancellationToken),
            _ when type == DeltaPrimitiveType.Double => rowGroup.WriteAllPartsAsync<double>(field, values.Select(v => System.Convert.ToDouble(v, CultureInfo.InvariantCulture)).ToArray(), definitions, repetitions, cancellationToken),
            _ when type == DeltaPrimitiveType.Boolean => rowGroup.WriteAllPartsAsync<bool>(field, values.Select(v => (bool)v).ToArray(), definitions, repetitions, cancellationToken),
            _ when type == DeltaPrimitiveType.String => rowGroup.WriteAllPartsAsync<ReadOnlyMemory<char>>(field, values.Select(v => ((string)v).AsMemory()).ToArray(), definitions, repetitions, cancellationToken),
            _ when type == DeltaPrimitiveType.Binary => rowGroup.WriteAllPartsAsync<ReadOnlyMemory<byte>>(field, values.Select(v => new ReadOnlyMemory<byte>((byte[])v)).ToArray(), definitions, repetitions, cancellationToken),
            _ when type == DeltaPrimitiveType.Date || type == DeltaPrimitiveType.Timestamp || type == DeltaPrimitiveType.TimestampNtz
                => rowGroup.WriteAllPartsAsync<DateTime>(field, values.Select(v => (DateTime)v).ToArray(), definitions, repetitions, cancellationToken),
            _ => throw new SchemaException($"Column '{field.Name}' has type {type}, which this writer cannot write."),
        };
        await task.ConfigureAwait(false);
    }
}

/// <summary>Boxes Arrow values for nested writing: structs as object arrays, lists as lists, maps as key-value lists, dates and timestamps as UTC <see cref="DateTime"/>.</summary>
internal static class ArrowValues
{
    public static object? ToObject(IArrowArray array, int index)
    {
        if (array.IsNull(index))
        {
            return null;
        }

        return array switch
        {
            StructArray s => s.Fields.Select(f => ToObject(f, index)).ToArray(),
            MapArray m => Enumerable.Range(m.ValueOffsets[index], m.ValueOffsets[index + 1] - m.ValueOffsets[index])
                .Select(i => new KeyValuePair<object?, object?>(ToObject(m.Keys, i), ToObject(m.Values, i))).ToList(),
            ListArray l => Enumerable.Range(l.ValueOffsets[index], l.ValueOffsets[index + 1] - l.ValueOffsets[index]).Select(i => ToObject(l.Values, i)).ToList(),
            Int8Array a => a.GetValue(index),
            Int16Array a => a.GetValue(index),
            Int32Array a => a.GetValue(index),
            Int64Array a => a.GetValue(index),
            FloatArray a => a.GetValue(index),
            DoubleArray a => a.GetValue(index),
            BooleanArray a => a.GetValue(index),
            StringArray a => a.GetString(index),
            BinaryArray a => a.GetBytes(index).ToArray(),
            DictionaryArray a => ToObject(a.Dictionary, DictionaryIndex(a, index, "dictionary")),
            Date32Array a => DateTime.UnixEpoch.AddDays(a.Values[index]),
            TimestampArray a => ToDateTime(a.Values[index], "timestamp"),
            Decimal128Array a => a.GetValue(index),
            _ => throw new SchemaException($"Arrow arrays of type {array.Data.DataType.Name} cannot be written."),
        };
    }

    /// <summary>Converts microseconds since the Unix epoch to the UTC <see cref="DateTime"/> that Parquet.Net writes.</summary>
    /// <exception cref="SchemaException">The time is outside the years 1 to 9999, which Delta timestamps (as Spark's) and <see cref="DateTime"/> cover.</exception>
    public static DateTime ToDateTime(long micros, string column) =>
        micros >= UnixTime.MinMicroseconds && micros <= UnixTime.MaxMicroseconds
            ? new DateTime(DateTime.UnixEpoch.Ticks + (micros * 10), DateTimeKind.Utc)
            : throw new SchemaException(FormattableString.Invariant(
                $"Column '{column}' holds the timestamp {micros} µs since 1970, outside the range of a Delta timestamp (0001-01-01T00:00:00Z to 9999-12-31T23:59:59.999999Z)."));

    /// <summary>The dictionary entry of row <paramref name="index"/> of a dictionary-encoded array.</summary>
    /// <exception cref="SchemaException">The index is not an integer inside the dictionary.</exception>
    public static int DictionaryIndex(DictionaryArray array, int index, string column)
    {
        long entry = array.Indices switch
        {
            Int8Array i => i.Values[index],
            UInt8Array i => i.Values[index],
            Int16Array i => i.Values[index],
            UInt16Array i => i.Values[index],
            Int32Array i => i.Values[index],
            UInt32Array i => i.Values[index],
            Int64Array i => i.Values[index],
            UInt64Array i => (long)Math.Min(i.Values[index], long.MaxValue),
            _ => throw new SchemaException($"Column '{column}' is dictionary-encoded with {array.Indices.Data.DataType.Name} indices; indices must be integers."),
        };
        return entry >= 0 && entry < array.Dictionary.Length
            ? (int)entry
            : throw new SchemaException(FormattableString.Invariant($"Column '{column}' has the dictionary index {entry} at row {index}, outside its dictionary of {array.Dictionary.Length} entries."));
    }
}

/// <summary>The statistics of one column of one data file (PROTOCOL.md, Per-file Statistics).</summary>
internal sealed class ColumnStatistics(DeltaStructField field)
{
    /// <summary>Spark truncates string bounds to 32 characters; longer strings get no bounds here rather than wrong ones.</summary>
    private const int MaxStringBound = 32;

    private object? _min;
    private object? _max;
    private bool _boundsUnknown = field.Type is not DeltaPrimitiveType and not DeltaDecimalType
        || field.Type == DeltaPrimitiveType.Boolean || field.Type == DeltaPrimitiveType.Binary;

    public DeltaStructField Field { get; } = field;

    public long NullCount { get; private set; }

    /// <summary>The bounds as JSON-ready values, or null when they are unknown (no values, NaN or infinities, or strings too long to bound).</summary>
    public (object Min, object Max)? Bounds => !_boundsUnknown && _min is not null && _max is not null ? (_min, _max) : null;

    public void AddNulls(long count) => NullCount += count;

    public void AddRange<T>(ReadOnlySpan<T> values)
        where T : unmanaged, IComparable<T>
    {
        if (values.IsEmpty || _boundsUnknown)
        {
            return;
        }

        T min = values[0];
        T max = values[0];
        foreach (T value in values)
        {
            // NaN has no place in an order, and JSON has no infinities: such columns get no bounds rather than wrong ones.
            if (value is double d && !double.IsFinite(d) || value is float f && !float.IsFinite(f))
            {
                _boundsUnknown = true;
                return;
            }

            if (value.CompareTo(min) < 0)
            {
                min = value;
            }

            if (value.CompareTo(max) > 0)
            {
                max = value;
            }
        }

        Merge(min, max);
    }

    public void Add<T>(T value)
        where T : IComparable<T>
    {
        if (_boundsUnknown)
        {
            return;
        }

        if (value is string s && s.Length > MaxStringBound)
        {
            _boundsUnknown = true;
            return;
        }

        Merge(value, value);
    }

    private void Merge<T>(T min, T max)
        where T : IComparable<T>
    {
        if (_min is null || Compare(min, (T)_min) < 0)
        {
            _min = min;
        }

        if (_max is null || Compare(max, (T)_max) > 0)
        {
            _max = max;
        }
    }

    /// <summary>Strings compare by code unit, as Delta readers compare them, never by culture.</summary>
    private static int Compare<T>(T left, T right)
        where T : IComparable<T> =>
        left is string a && right is string b ? string.CompareOrdinal(a, b) : left.CompareTo(right);

    /// <summary>Writes a bound the way Spark does: numbers as numbers, dates as <c>yyyy-MM-dd</c>, timestamps as ISO-8601 UTC with microseconds.</summary>
    public static void WriteBound(System.Text.Json.Utf8JsonWriter writer, DeltaType type, object value)
    {
        switch (value)
        {
            case int days when type == DeltaPrimitiveType.Date:
                writer.WriteStringValue(DateOnly.FromDayNumber(days + DateOnly.FromDateTime(DateTime.UnixEpoch).DayNumber).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
                break;
            case long micros when type == DeltaPrimitiveType.Timestamp:
                writer.WriteStringValue(UnixTime.ToDateTime(micros).ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture));
                break;
            case long micros when type == DeltaPrimitiveType.TimestampNtz:
                writer.WriteStringValue(UnixTime.ToDateTime(micros).ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff", CultureInfo.InvariantCulture));
                break;
            case string s:
                writer.WriteStringValue(s);
                break;
            case decimal d:
                writer.WriteNumberValue(d);
                break;
            case double d:
                writer.WriteNumberValue(d);
                break;
            case float f:
                writer.WriteNumberValue(f);
                break;
            default:
                writer.WriteNumberValue(System.Convert.ToInt64(value, CultureInfo.InvariantCulture));
                break;
        }
    }
}
