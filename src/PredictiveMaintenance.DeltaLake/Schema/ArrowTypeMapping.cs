using Apache.Arrow;
using Apache.Arrow.Types;

namespace PredictiveMaintenance.DeltaLake;

/// <summary>Maps Delta types to Arrow types and back.</summary>
internal static class ArrowTypeMapping
{
    public static Schema ToArrowSchema(DeltaStructType schema) =>
        new([.. schema.Fields.Select(ToArrowField)], null);

    public static Field ToArrowField(DeltaStructField field) => new(field.Name, ToArrowType(field.Type), field.Nullable);

    public static IArrowType ToArrowType(DeltaType type) => type switch
    {
        DeltaPrimitiveType p when p == DeltaPrimitiveType.Byte => Int8Type.Default,
        DeltaPrimitiveType p when p == DeltaPrimitiveType.Short => Int16Type.Default,
        DeltaPrimitiveType p when p == DeltaPrimitiveType.Integer => Int32Type.Default,
        DeltaPrimitiveType p when p == DeltaPrimitiveType.Long => Int64Type.Default,
        DeltaPrimitiveType p when p == DeltaPrimitiveType.Float => FloatType.Default,
        DeltaPrimitiveType p when p == DeltaPrimitiveType.Double => DoubleType.Default,
        DeltaPrimitiveType p when p == DeltaPrimitiveType.Boolean => BooleanType.Default,
        DeltaPrimitiveType p when p == DeltaPrimitiveType.String => StringType.Default,
        DeltaPrimitiveType p when p == DeltaPrimitiveType.Binary => BinaryType.Default,
        DeltaPrimitiveType p when p == DeltaPrimitiveType.Date => Date32Type.Default,
        DeltaPrimitiveType p when p == DeltaPrimitiveType.Timestamp => new TimestampType(TimeUnit.Microsecond, "UTC"),
        DeltaPrimitiveType p when p == DeltaPrimitiveType.TimestampNtz => new TimestampType(TimeUnit.Microsecond, (string?)null),
        DeltaDecimalType d => new Decimal128Type(d.Precision, d.Scale),
        DeltaArrayType a => new ListType(new Field("element", ToArrowType(a.ElementType), a.ContainsNull)),
        DeltaMapType m => new MapType(new Field("key", ToArrowType(m.KeyType), false), new Field("value", ToArrowType(m.ValueType), m.ValueContainsNull), false),
        DeltaStructType s => new StructType([.. s.Fields.Select(ToArrowField)]),
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, "Unknown Delta type."),
    };

    /// <summary>The Delta type of an Arrow type, for tables created from Arrow data.</summary>
    /// <exception cref="SchemaException">The Arrow type has no Delta equivalent.</exception>
    public static DeltaType FromArrowType(IArrowType type, string column) => type switch
    {
        Int8Type => DeltaPrimitiveType.Byte,
        Int16Type => DeltaPrimitiveType.Short,
        Int32Type => DeltaPrimitiveType.Integer,
        Int64Type => DeltaPrimitiveType.Long,
        FloatType => DeltaPrimitiveType.Float,
        DoubleType => DeltaPrimitiveType.Double,
        BooleanType => DeltaPrimitiveType.Boolean,
        StringType => DeltaPrimitiveType.String,
        BinaryType => DeltaPrimitiveType.Binary,
        Date32Type => DeltaPrimitiveType.Date,
        TimestampType t when t.Unit == TimeUnit.Microsecond => string.IsNullOrEmpty(t.Timezone) ? DeltaPrimitiveType.TimestampNtz : DeltaPrimitiveType.Timestamp,
        Decimal128Type d => new DeltaDecimalType(d.Precision, d.Scale),
        DictionaryType { ValueType: StringType } => DeltaPrimitiveType.String,
        MapType m => new DeltaMapType(FromArrowType(m.KeyField.DataType, column), FromArrowType(m.ValueField.DataType, column), m.ValueField.IsNullable),
        ListType l => new DeltaArrayType(FromArrowType(l.ValueDataType, column), l.ValueField.IsNullable),
        StructType s => new DeltaStructType(s.Fields.Select(f => new DeltaStructField(f.Name, FromArrowType(f.DataType, column), f.IsNullable))),
        _ => throw new SchemaException($"Column '{column}' has Arrow type {type.Name}, which has no Delta equivalent; use int8/16/32/64, float, double, bool, utf8 (plain or dictionary-encoded), binary, date32, timestamp[us], decimal128, list, map or struct."),
    };

    public static DeltaStructType FromArrowSchema(Schema schema) =>
        new(schema.FieldsList.Select(f => new DeltaStructField(f.Name, FromArrowType(f.DataType, f.Name), f.IsNullable)));
}
