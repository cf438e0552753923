using System.Globalization;
using System.Numerics;
using Apache.Arrow;
using Apache.Arrow.Types;

namespace PredictiveMaintenance.DeltaLake;

/// <summary>Builds Arrow arrays from decoded Parquet leaves and from nothing (all-null columns).</summary>
internal static class ArrowArrays
{
    private static readonly long UnixEpochTicks = DateTime.UnixEpoch.Ticks;

    /// <summary>Builds the array of a primitive leaf; <paramref name="positions"/> selects the level positions (null: all of them, in order).</summary>
    public static IArrowArray BuildLeaf(DeltaType type, LeafData leaf, int[]? positions, int count, string column)
    {
        var validity = new byte[(count + 7) / 8];
        int nullCount = 0;
        for (int i = 0; i < count; i++)
        {
            int p = positions is null ? i : positions[i];
            if (leaf.IsDefined(p))
            {
                validity[i >> 3] |= (byte)(1 << (i & 7));
            }
            else
            {
                nullCount++;
            }
        }

        IArrowType arrowType = ArrowTypeMapping.ToArrowType(type);
        System.Array values = leaf.Values;
        ArrowBuffer valueBuffer;
        if (type is DeltaDecimalType decimalType)
        {
            var unscaled = new Int128[count];
            ForEachValue(leaf, positions, count, (i, v) => unscaled[i] = ToUnscaled(((decimal[])values)[v], decimalType, column), values is decimal[], column, type);
            valueBuffer = ArrayMemory<Int128>.Buffer(unscaled);
        }
        else if (type == DeltaPrimitiveType.String || type == DeltaPrimitiveType.Binary)
        {
            if (values is not VarBinary[] packed)
            {
                throw Mismatch(column, type, values);
            }

            VarBinary source = packed[0];
            var offsets = new int[count + 1];
            long total = 0;
            for (int i = 0; i < count; i++)
            {
                int p = positions is null ? i : positions[i];
                if (leaf.IsDefined(p))
                {
                    int v = leaf.ValueIndex(p);
                    total += source.Offsets[v + 1] - source.Offsets[v];
                }

                offsets[i + 1] = checked((int)total);
            }

            byte[] data;
            if (positions is null && leaf.Definitions is null)
            {
                data = source.Data;
            }
            else
            {
                data = new byte[total];
                for (int i = 0; i < count; i++)
                {
                    int p = positions is null ? i : positions[i];
                    if (leaf.IsDefined(p))
                    {
                        source[leaf.ValueIndex(p)].CopyTo(data.AsSpan(offsets[i]));
                    }
                }
            }

            return ArrowArrayFactory.BuildArray(new ArrayData(arrowType, count, nullCount, 0, [Validity(validity, nullCount), ArrayMemory<int>.Buffer(offsets), new ArrowBuffer(data)]));
        }
        else if (type == DeltaPrimitiveType.Boolean)
        {
            if (values is not bool[] bools)
            {
                throw Mismatch(column, type, values);
            }

            var bits = new byte[(count + 7) / 8];
            ForEachValue(leaf, positions, count, (i, v) =>
            {
                if (bools[v])
                {
                    bits[i >> 3] |= (byte)(1 << (i & 7));
                }
            }, true, column, type);
            valueBuffer = new ArrowBuffer(bits);
        }
        else if (type == DeltaPrimitiveType.Timestamp || type == DeltaPrimitiveType.TimestampNtz)
        {
            var micros = new long[count];
            switch (values)
            {
                case DateTime[] times:
                    ForEachValue(leaf, positions, count, (i, v) => micros[i] = (times[v].Ticks - UnixEpochTicks) / (TimeSpan.TicksPerMillisecond / 1000), true, column, type);
                    break;
                case long[] raw:
                    ForEachValue(leaf, positions, count, (i, v) => micros[i] = raw[v], true, column, type);
                    break;
                default:
                    throw Mismatch(column, type, values);
            }

            valueBuffer = ArrayMemory<long>.Buffer(micros);
        }
        else if (type == DeltaPrimitiveType.Date)
        {
            var days = new int[count];
            switch (values)
            {
                case DateTime[] dates:
                    ForEachValue(leaf, positions, count, (i, v) => days[i] = (int)Math.Floor((dates[v].Ticks - UnixEpochTicks) / (double)TimeSpan.TicksPerDay), true, column, type);
                    break;
                case DateOnly[] dates:
                    ForEachValue(leaf, positions, count, (i, v) => days[i] = dates[v].DayNumber - DateOnly.FromDateTime(DateTime.UnixEpoch).DayNumber, true, column, type);
                    break;
                case int[] raw:
                    ForEachValue(leaf, positions, count, (i, v) => days[i] = raw[v], true, column, type);
                    break;
                default:
                    throw Mismatch(column, type, values);
            }

            valueBuffer = ArrayMemory<int>.Buffer(days);
        }
        else
        {
            valueBuffer = type switch
            {
                _ when type == DeltaPrimitiveType.Byte => Numeric<sbyte>(leaf, positions, count, column, type),
                _ when type == DeltaPrimitiveType.Short => Numeric<short>(leaf, positions, count, column, type),
                _ when type == DeltaPrimitiveType.Integer => Numeric<int>(leaf, positions, count, column, type),
                _ when type == DeltaPrimitiveType.Long => Numeric<long>(leaf, positions, count, column, type),
                _ when type == DeltaPrimitiveType.Float => Numeric<float>(leaf, positions, count, column, type),
                _ when type == DeltaPrimitiveType.Double => Numeric<double>(leaf, positions, count, column, type),
                _ => throw new SchemaException($"Column '{column}' has type {type} in the table schema but is a primitive in the data file."),
            };
        }

        return ArrowArrayFactory.BuildArray(new ArrayData(arrowType, count, nullCount, 0, [Validity(validity, nullCount), valueBuffer]));
    }

    private static ArrowBuffer Numeric<T>(LeafData leaf, int[]? positions, int count, string column, DeltaType type)
        where T : unmanaged, INumberBase<T>
    {
        var result = new T[count];
        switch (leaf.Values)
        {
            case T[] same when positions is null && leaf.Definitions is null:
                same.AsSpan(0, count).CopyTo(result);
                break;
            case sbyte[] a:
                Convert(a, leaf, positions, result);
                break;
            case byte[] a:
                Convert(a, leaf, positions, result);
                break;
            case short[] a:
                Convert(a, leaf, positions, result);
                break;
            case ushort[] a:
                Convert(a, leaf, positions, result);
                break;
            case int[] a:
                Convert(a, leaf, positions, result);
                break;
            case uint[] a:
                Convert(a, leaf, positions, result);
                break;
            case long[] a:
                Convert(a, leaf, positions, result);
                break;
            case ulong[] a:
                Convert(a, leaf, positions, result);
                break;
            case float[] a:
                Convert(a, leaf, positions, result);
                break;
            case double[] a:
                Convert(a, leaf, positions, result);
                break;
            default:
                throw Mismatch(column, type, leaf.Values);
        }

        return ArrayMemory<T>.Buffer(result);
    }

    private static void Convert<TSource, T>(TSource[] source, LeafData leaf, int[]? positions, T[] result)
        where TSource : unmanaged, INumberBase<TSource>
        where T : unmanaged, INumberBase<T>
    {
        if (leaf.Definitions is null)
        {
            for (int i = 0; i < result.Length; i++)
            {
                result[i] = T.CreateTruncating(source[positions is null ? i : positions[i]]);
            }

            return;
        }

        if (positions is null)
        {
            // Values are packed: walk the levels once instead of looking up each value's index.
            int[] definitions = leaf.Definitions;
            int max = leaf.Node.DefinitionLevel;
            int v = 0;
            for (int i = 0; i < result.Length; i++)
            {
                if (definitions[i] == max)
                {
                    result[i] = T.CreateTruncating(source[v++]);
                }
            }

            return;
        }

        for (int i = 0; i < result.Length; i++)
        {
            int p = positions[i];
            if (leaf.IsDefined(p))
            {
                result[i] = T.CreateTruncating(source[leaf.ValueIndex(p)]);
            }
        }
    }

    private static void ForEachValue(LeafData leaf, int[]? positions, int count, Action<int, int> action, bool typeMatches, string column, DeltaType type)
    {
        if (!typeMatches)
        {
            throw Mismatch(column, type, leaf.Values);
        }

        for (int i = 0; i < count; i++)
        {
            int p = positions is null ? i : positions[i];
            if (leaf.IsDefined(p))
            {
                action(i, leaf.ValueIndex(p));
            }
        }
    }

    private static Int128 ToUnscaled(decimal value, DeltaDecimalType type, string column)
    {
        decimal scaled = value;
        for (int s = 0; s < type.Scale; s++)
        {
            scaled *= 10m;
        }

        decimal integral = decimal.Truncate(scaled);
        return integral == scaled
            ? (Int128)integral
            : throw new SchemaException($"Column '{column}': value {value} has more than {type.Scale} digits after the point, which {type} cannot hold.");
    }

    private static SchemaException Mismatch(string column, DeltaType type, System.Array values) =>
        new($"Column '{column}' has type {type} in the table schema but its data file stores {Describe(values)} values.");

    private static string Describe(System.Array values) => values is VarBinary[] ? "byte array" : values.GetType().GetElementType()!.Name;

    public static ArrowBuffer Validity(byte[] bits, int nullCount) => nullCount == 0 ? ArrowBuffer.Empty : new ArrowBuffer(bits);

    /// <summary>An array of <paramref name="count"/> nulls of any type (a column missing from a data file reads as null: PROTOCOL.md, Consistency Between Table Metadata and Data Files).</summary>
    public static IArrowArray Nulls(DeltaType type, int count) => ArrowArrayFactory.BuildArray(NullData(type, count));

    private static ArrayData NullData(DeltaType type, int count)
    {
        IArrowType arrowType = ArrowTypeMapping.ToArrowType(type);
        var validity = new ArrowBuffer(new byte[(count + 7) / 8]);
        switch (type)
        {
            case DeltaStructType s:
                return new ArrayData(arrowType, count, count, 0, [validity], [.. s.Fields.Select(f => NullData(f.Type, count))]);
            case DeltaArrayType a:
                return new ArrayData(arrowType, count, count, 0, [validity, new ArrowBuffer(new byte[(count + 1) * 4])], [NullData(a.ElementType, 0)]);
            case DeltaMapType m:
                var entries = new ArrayData(((MapType)arrowType).KeyValueType, 0, 0, 0, [ArrowBuffer.Empty], [NullData(m.KeyType, 0), NullData(m.ValueType, 0)]);
                return new ArrayData(arrowType, count, count, 0, [validity, new ArrowBuffer(new byte[(count + 1) * 4])], [entries]);
            default:
                if (type == DeltaPrimitiveType.String || type == DeltaPrimitiveType.Binary)
                {
                    return new ArrayData(arrowType, count, count, 0, [validity, new ArrowBuffer(new byte[(count + 1) * 4]), ArrowBuffer.Empty]);
                }

                int width = type switch
                {
                    DeltaDecimalType => 16,
                    _ when type == DeltaPrimitiveType.Boolean => 0,
                    _ => ((FixedWidthType)arrowType).BitWidth / 8,
                };
                int bytes = width == 0 ? (count + 7) / 8 : count * width;
                return new ArrayData(arrowType, count, count, 0, [validity, new ArrowBuffer(new byte[bytes])]);
        }
    }
}

/// <summary>Arrays that repeat one value, for partition columns (whose values live in the log, not in data files).</summary>
internal static class ConstantArrays
{
    public static IArrowArray Create(DeltaType type, object? value, int count)
    {
        if (value is null)
        {
            return ArrowArrays.Nulls(type, count);
        }

        IArrowType arrowType = ArrowTypeMapping.ToArrowType(type);
        var validity = new byte[(count + 7) / 8];
        System.Array.Fill(validity, (byte)0xFF);
        ArrowBuffer valid = new(validity);
        switch (value)
        {
            case string or byte[]:
                byte[] one = value is string s ? System.Text.Encoding.UTF8.GetBytes(s) : (byte[])value;
                var offsets = new int[count + 1];
                var data = new byte[one.Length * count];
                for (int i = 0; i < count; i++)
                {
                    one.CopyTo(data, i * one.Length);
                    offsets[i + 1] = (i + 1) * one.Length;
                }

                return ArrowArrayFactory.BuildArray(new ArrayData(arrowType, count, 0, 0, [valid, ArrayMemory<int>.Buffer(offsets), new ArrowBuffer(data)]));
            case bool b:
                var bits = new byte[(count + 7) / 8];
                if (b)
                {
                    System.Array.Fill(bits, (byte)0xFF);
                }

                return ArrowArrayFactory.BuildArray(new ArrayData(arrowType, count, 0, 0, [valid, new ArrowBuffer(bits)]));
            default:
                ArrowBuffer values = type switch
                {
                    DeltaDecimalType d => Repeat(ToUnscaled((decimal)value, d.Scale), count),
                    _ when type == DeltaPrimitiveType.Byte => Repeat(System.Convert.ToSByte(value, CultureInfo.InvariantCulture), count),
                    _ when type == DeltaPrimitiveType.Short => Repeat(System.Convert.ToInt16(value, CultureInfo.InvariantCulture), count),
                    _ when type == DeltaPrimitiveType.Integer || type == DeltaPrimitiveType.Date => Repeat(System.Convert.ToInt32(value, CultureInfo.InvariantCulture), count),
                    _ when type == DeltaPrimitiveType.Float => Repeat(System.Convert.ToSingle(value, CultureInfo.InvariantCulture), count),
                    _ when type == DeltaPrimitiveType.Double => Repeat(System.Convert.ToDouble(value, CultureInfo.InvariantCulture), count),
                    _ => Repeat(System.Convert.ToInt64(value, CultureInfo.InvariantCulture), count),
                };
                return ArrowArrayFactory.BuildArray(new ArrayData(arrowType, count, 0, 0, [valid, values]));
        }
    }

    private static ArrowBuffer Repeat<T>(T value, int count)
        where T : unmanaged
    {
        var values = new T[count];
        System.Array.Fill(values, value);
        return ArrayMemory<T>.Buffer(values);
    }

    private static Int128 ToUnscaled(decimal value, int scale)
    {
        for (int s = 0; s < scale; s++)
        {
            value *= 10m;
        }

        return (Int128)decimal.Truncate(value);
    }
}
