using System.Numerics;
using Apache.Arrow;
using Apache.Arrow.Types;

namespace PredictiveMaintenance.IO;

/// <summary>
/// Turns the mapped columns of Arrow record batches into the decoders of <see cref="ColumnarRowFeeder"/>, reading the
/// Arrow buffers in place: types are checked once against their roles from the schema.
/// </summary>
internal sealed class ArrowColumns
{
    private readonly ResolvedTelemetryColumns _columns;

    /// <summary>Checks that every mapped field can be read in its role.</summary>
    /// <exception cref="SchemaException">A field is of a type its role cannot take.</exception>
    public ArrowColumns(ResolvedTelemetryColumns columns, Schema schema, string source)
    {
        _columns = columns;
        void Check(int index, Func<IArrowType, bool> accepts)
        {
            Field field = schema.GetFieldByIndex(index);
            if (!accepts(field.DataType))
            {
                throw ColumnarSource.UnsupportedType(columns, index, field.Name, TypeName(field.DataType), source);
            }
        }

        if (columns.AssetIndex >= 0)
        {
            Check(columns.AssetIndex, t => IsString(t) || IsInteger(t) || (t is DictionaryType d && IsString(d.ValueType) && IsInteger(d.IndexType)));
        }

        Check(columns.TimeIndex, t => columns.Schema.TimeKind == TimeKind.Cycle
            ? IsInteger(t)
            : t.TypeId is ArrowTypeId.Timestamp or ArrowTypeId.Date32 or ArrowTypeId.Date64 or ArrowTypeId.Int64);
        foreach (int index in columns.ChannelIndexes)
        {
            Check(index, t => IsInteger(t) || t.TypeId is ArrowTypeId.HalfFloat or ArrowTypeId.Float or ArrowTypeId.Double or ArrowTypeId.Decimal128);
        }
    }

    /// <summary>The mapped columns of a batch of the schema this was made for.</summary>
    public ColumnarChunk Read(RecordBatch batch)
    {
        AssetColumn? asset = _columns.AssetIndex < 0 ? null : Asset(batch.Column(_columns.AssetIndex));
        TimeColumn time = Time(batch.Column(_columns.TimeIndex));
        ChannelColumn[] channels = [.. _columns.ChannelIndexes.Select(i => Channel(batch.Column(i)))];
        return new ColumnarChunk(batch.Length, asset, time, channels);
    }

    /// <summary>The type as Arrow names it, with a dictionary's index and value types.</summary>
    public static string TypeName(IArrowType type) =>
        type is DictionaryType d ? $"dictionary<{d.IndexType.Name}, {d.ValueType.Name}>" : type.Name;

    private static AssetColumn Asset(IArrowArray array)
    {
        if (array is DictionaryArray dictionary)
        {
            Utf8Getter entries = Utf8(dictionary.Dictionary);
            int count = dictionary.Dictionary.Length;
            string?[] ids = new string?[count];
            string?[] problems = new string?[count];
            for (int i = 0; i < count; i++)
            {
                ReadOnlySpan<byte> bytes = entries(i, out bool isNull);
                ids[i] = isNull ? null : AssetColumn.DecodeUtf8(bytes);
                problems[i] = !isNull && ids[i] is null ? "the asset id is not valid UTF-8" : null;
            }

            return VisitNumbers(dictionary.Indices, new DictionaryVisitor(ids, problems));
        }

        return IsString(array.Data.DataType) ? AssetColumn.Create(Utf8(array)) : VisitNumbers(array, NumberColumnVisitors.Asset)!;
    }

    private TimeColumn Time(IArrowArray array)
    {
        TimeKind kind = _columns.Schema.TimeKind;
        (long multiplier, long divisor, string unit) = array.Data.DataType switch
        {
            TimestampType { Unit: TimeUnit.Second } => (UnixTime.MicrosecondsPerSecond, 1L, "seconds"),
            TimestampType { Unit: TimeUnit.Millisecond } => (1000L, 1L, "milliseconds"),
            TimestampType { Unit: TimeUnit.Nanosecond } => (1L, 1000L, "nanoseconds"),
            TimestampType => (1L, 1L, "microseconds"),
            Date32Type => (UnixTime.MicrosecondsPerDay, 1L, "days"),
            Date64Type => (1000L, 1L, "milliseconds"),
            _ => (1L, 1L, kind == TimeKind.Cycle ? string.Empty : "microseconds"),
        };
        return VisitNumbers(array, NumberColumnVisitors.Time(multiplier, divisor, unit, kind))!;
    }

    private static ChannelColumn Channel(IArrowArray array)
    {
        if (array is Decimal128Array decimals)
        {
            // Decimals are 16-byte fixed-width binary in Arrow; converting once per batch is the only way to read them as numbers.
            double[] values = new double[decimals.Length];
            for (int i = 0; i < values.Length; i++)
            {
                values[i] = decimals.TryGetValue(i, out decimal? value) ? (double)value.GetValueOrDefault() : decimals.GetSqlDecimal(i)?.ToDouble() ?? 0;
            }

            return ChannelColumn.Create<double>(values, ValidityOf(decimals));
        }

        return VisitNumbers(array, NumberColumnVisitors.Channel());
    }

    private static Utf8Getter Utf8(IArrowArray array) => array switch
    {
        StringArray strings => (int i, out bool isNull) => strings.GetBytes(i, out isNull),
        LargeStringArray strings => (int i, out bool isNull) => strings.GetBytes(i, out isNull),
        StringViewArray strings => (int i, out bool isNull) => strings.GetBytes(i, out isNull),
        _ => throw new InvalidOperationException($"{array.Data.DataType.Name} was checked to be a string type."),
    };

    /// <summary>Calls the visitor with the array's values viewed in place and its validity bitmap.</summary>
    private static TResult VisitNumbers<TResult>(IArrowArray array, INumberColumnVisitor<TResult> visitor) => array switch
    {
        Int8Array a => visitor.VisitInteger(ValuesOf(a), ValidityOf(a)),
        UInt8Array a => visitor.VisitInteger(ValuesOf(a), ValidityOf(a)),
        Int16Array a => visitor.VisitInteger(ValuesOf(a), ValidityOf(a)),
        UInt16Array a => visitor.VisitInteger(ValuesOf(a), ValidityOf(a)),
        Int32Array a => visitor.VisitInteger(ValuesOf(a), ValidityOf(a)),
        UInt32Array a => visitor.VisitInteger(ValuesOf(a), ValidityOf(a)),
        Int64Array a => visitor.VisitInteger(ValuesOf(a), ValidityOf(a)),
        UInt64Array a => visitor.VisitInteger(ValuesOf(a), ValidityOf(a)),
        TimestampArray a => visitor.VisitInteger(ValuesOf(a), ValidityOf(a)),
        Date32Array a => visitor.VisitInteger(ValuesOf(a), ValidityOf(a)),
        Date64Array a => visitor.VisitInteger(ValuesOf(a), ValidityOf(a)),
        HalfFloatArray a => visitor.VisitFloatingPoint(ValuesOf(a), ValidityOf(a)),
        FloatArray a => visitor.VisitFloatingPoint(ValuesOf(a), ValidityOf(a)),
        DoubleArray a => visitor.VisitFloatingPoint(ValuesOf(a), ValidityOf(a)),
        _ => throw new InvalidOperationException($"{array.Data.DataType.Name} was checked to be a number type."),
    };

    private static ReadOnlyMemory<T> ValuesOf<T>(PrimitiveArray<T> array)
        where T : unmanaged, INumber<T> => CastMemoryManager<T>.Cast(array.ValueBuffer.Memory, array.Offset, array.Length);

    private static Validity ValidityOf(IArrowArray array) =>
        array.NullCount == 0 ? default : new Validity(array.Data.Buffers[0].Memory, array.Offset);

    private static bool IsString(IArrowType type) => type.TypeId is ArrowTypeId.String or ArrowTypeId.LargeString or ArrowTypeId.StringView;

    private static bool IsInteger(IArrowType type) => type.TypeId is ArrowTypeId.Int8 or ArrowTypeId.UInt8 or ArrowTypeId.Int16
        or ArrowTypeId.UInt16 or ArrowTypeId.Int32 or ArrowTypeId.UInt32 or ArrowTypeId.Int64 or ArrowTypeId.UInt64;

    private sealed class DictionaryVisitor(string?[] ids, string?[] problems) : INumberColumnVisitor<AssetColumn>
    {
        public AssetColumn VisitInteger<T>(ReadOnlyMemory<T> values, Validity validity)
            where T : struct, IBinaryInteger<T> => AssetColumn.CreateDictionary(ids, problems, values, validity);

        public AssetColumn VisitFloatingPoint<T>(ReadOnlyMemory<T> values, Validity validity)
            where T : struct, IFloatingPoint<T> => throw new InvalidOperationException("Dictionary indices were checked to be integers.");
    }
}
