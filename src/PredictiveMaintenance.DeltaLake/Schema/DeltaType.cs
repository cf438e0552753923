namespace PredictiveMaintenance.DeltaLake;

/// <summary>
/// A Delta column type: a primitive, a decimal, an array, a map or a struct (PROTOCOL.md, Schema Serialization Format).
/// Instances are immutable; two types are equal when their serialized forms are equal.
/// </summary>
public abstract class DeltaType : IEquatable<DeltaType>
{
    private protected DeltaType()
    {
    }

    /// <summary>Describes the type in SQL-like form: <c>long</c>, <c>decimal(10,2)</c>, <c>array&lt;integer&gt;</c>, <c>map&lt;string,long&gt;</c>, <c>struct&lt;a:integer,b:string&gt;</c>.</summary>
    public override string ToString() => DeltaSchemaJson.Describe(this);

    /// <inheritdoc/>
    public bool Equals(DeltaType? other) => other is not null && DeltaSchemaJson.FormatType(this) == DeltaSchemaJson.FormatType(other);

    /// <inheritdoc/>
    public override bool Equals(object? obj) => Equals(obj as DeltaType);

    /// <inheritdoc/>
    public override int GetHashCode() => DeltaSchemaJson.FormatType(this).GetHashCode(StringComparison.Ordinal);
}

/// <summary>A primitive Delta type: <c>byte</c>, <c>short</c>, <c>integer</c>, <c>long</c>, <c>float</c>, <c>double</c>, <c>boolean</c>, <c>string</c>, <c>binary</c>, <c>date</c>, <c>timestamp</c> or <c>timestamp_ntz</c>.</summary>
public sealed class DeltaPrimitiveType : DeltaType
{
    private DeltaPrimitiveType(string name) => Name = name;

#pragma warning disable CA1720 // The names are the Delta protocol's type names.

    /// <summary>8-bit signed integer.</summary>
    public static DeltaPrimitiveType Byte { get; } = new("byte");

    /// <summary>16-bit signed integer.</summary>
    public static DeltaPrimitiveType Short { get; } = new("short");

    /// <summary>32-bit signed integer.</summary>
    public static DeltaPrimitiveType Integer { get; } = new("integer");

    /// <summary>64-bit signed integer.</summary>
    public static DeltaPrimitiveType Long { get; } = new("long");

    /// <summary>IEEE 754 single precision.</summary>
    public static DeltaPrimitiveType Float { get; } = new("float");

    /// <summary>IEEE 754 double precision.</summary>
    public static DeltaPrimitiveType Double { get; } = new("double");

    /// <summary>True or false.</summary>
    public static DeltaPrimitiveType Boolean { get; } = new("boolean");

    /// <summary>UTF-8 text.</summary>
    public static DeltaPrimitiveType String { get; } = new("string");

    /// <summary>Bytes.</summary>
    public static DeltaPrimitiveType Binary { get; } = new("binary");

    /// <summary>A calendar date (days since 1970-01-01).</summary>
    public static DeltaPrimitiveType Date { get; } = new("date");

    /// <summary>An instant: microseconds since 1970-01-01T00:00:00Z.</summary>
    public static DeltaPrimitiveType Timestamp { get; } = new("timestamp");

    /// <summary>A wall-clock time without zone: microseconds since 1970-01-01T00:00:00 (needs the <c>timestampNtz</c> table feature).</summary>
    public static DeltaPrimitiveType TimestampNtz { get; } = new("timestamp_ntz");
#pragma warning restore CA1720

    /// <summary>The type's name in a Delta schema string.</summary>
    public string Name { get; }

    internal static DeltaPrimitiveType? FromName(string name) => name switch
    {
        "byte" => Byte,
        "short" => Short,
        "integer" => Integer,
        "long" => Long,
        "float" => Float,
        "double" => Double,
        "boolean" => Boolean,
        "string" => String,
        "binary" => Binary,
        "date" => Date,
        "timestamp" => Timestamp,
        "timestamp_ntz" => TimestampNtz,
        _ => null,
    };
}

/// <summary>A fixed-point decimal with a precision (1 to 38 digits) and a scale (digits after the point).</summary>
public sealed class DeltaDecimalType : DeltaType
{
    /// <summary>Creates a decimal type.</summary>
    /// <param name="precision">Total digits, 1 to 38.</param>
    /// <param name="scale">Digits after the point, 0 to <paramref name="precision"/>.</param>
    public DeltaDecimalType(int precision, int scale)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(precision, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(precision, 38);
        ArgumentOutOfRangeException.ThrowIfNegative(scale);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(scale, precision);
        Precision = precision;
        Scale = scale;
    }

    /// <summary>Total digits.</summary>
    public int Precision { get; }

    /// <summary>Digits after the decimal point.</summary>
    public int Scale { get; }
}

/// <summary>An array of elements of one type.</summary>
/// <param name="elementType">The element type.</param>
/// <param name="containsNull">Whether elements may be null.</param>
public sealed class DeltaArrayType(DeltaType elementType, bool containsNull = true) : DeltaType
{
    /// <summary>The element type.</summary>
    public DeltaType ElementType { get; } = elementType ?? throw new ArgumentNullException(nameof(elementType));

    /// <summary>Whether elements may be null.</summary>
    public bool ContainsNull { get; } = containsNull;
}

/// <summary>A map from keys of one type to values of another; keys are never null.</summary>
/// <param name="keyType">The key type.</param>
/// <param name="valueType">The value type.</param>
/// <param name="valueContainsNull">Whether values may be null.</param>
public sealed class DeltaMapType(DeltaType keyType, DeltaType valueType, bool valueContainsNull = true) : DeltaType
{
    /// <summary>The key type.</summary>
    public DeltaType KeyType { get; } = keyType ?? throw new ArgumentNullException(nameof(keyType));

    /// <summary>The value type.</summary>
    public DeltaType ValueType { get; } = valueType ?? throw new ArgumentNullException(nameof(valueType));

    /// <summary>Whether values may be null.</summary>
    public bool ValueContainsNull { get; } = valueContainsNull;
}
