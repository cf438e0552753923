using System.Globalization;
using System.Text;
using System.Text.Json;

namespace PredictiveMaintenance.DeltaLake;

/// <summary>
/// Values of Delta columns in one comparable form per type family: <see cref="long"/> for integers, dates (days) and
/// timestamps (microseconds); <see cref="double"/> for floats; <see cref="decimal"/>; <see cref="string"/>; <see cref="bool"/>;
/// byte arrays for binary.
/// </summary>
internal static class DeltaValues
{
    private static readonly string[] TimestampFormats =
    [
        "yyyy-MM-dd HH:mm:ss",
        "yyyy-MM-dd HH:mm:ss.F",
        "yyyy-MM-dd HH:mm:ss.FF",
        "yyyy-MM-dd HH:mm:ss.FFF",
        "yyyy-MM-dd HH:mm:ss.FFFF",
        "yyyy-MM-dd HH:mm:ss.FFFFF",
        "yyyy-MM-dd HH:mm:ss.FFFFFF",
    ];

    /// <summary>Parses a serialized partition value (PROTOCOL.md, Partition Value Serialization); null or empty is null.</summary>
    public static object? ParsePartitionValue(string? text, DeltaType type, string column)
    {
        if (string.IsNullOrEmpty(text))
        {
            return null;
        }

        try
        {
            return type switch
            {
                _ when type == DeltaPrimitiveType.String => text,
                _ when type == DeltaPrimitiveType.Byte || type == DeltaPrimitiveType.Short || type == DeltaPrimitiveType.Integer || type == DeltaPrimitiveType.Long
                    => long.Parse(text, NumberStyles.Integer, CultureInfo.InvariantCulture),
                _ when type == DeltaPrimitiveType.Float || type == DeltaPrimitiveType.Double => ParseDouble(text),
                _ when type == DeltaPrimitiveType.Boolean => bool.Parse(text),
                _ when type == DeltaPrimitiveType.Date => (long)(DateOnly.ParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture).DayNumber - DateOnly.FromDateTime(DateTime.UnixEpoch).DayNumber),
                _ when type == DeltaPrimitiveType.Timestamp || type == DeltaPrimitiveType.TimestampNtz => ParseTimestamp(text),
                _ when type == DeltaPrimitiveType.Binary => Encoding.Latin1.GetBytes(text),
                DeltaDecimalType => decimal.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture),
                _ => throw new SchemaException($"Partition column '{column}' has type {type}, which cannot be a partition column."),
            };
        }
        catch (FormatException e)
        {
            throw new SchemaException($"Partition column '{column}' of type {type} has the value '{text}', which is not a valid {type}.", e);
        }
    }

    /// <summary>Serializes a partition value the way Spark and delta-rs do (timestamps in ISO-8601 UTC, as the protocol recommends for new writers).</summary>
    public static string? FormatPartitionValue(object? value, DeltaType type) => value switch
    {
        null => null,
        string s => s,
        bool b => b ? "true" : "false",
        decimal d => d.ToString(CultureInfo.InvariantCulture),
        double d => FormatDouble(d),
        byte[] bytes => Encoding.Latin1.GetString(bytes),
        long l when type == DeltaPrimitiveType.Date => DateOnly.FromDayNumber((int)(l + DateOnly.FromDateTime(DateTime.UnixEpoch).DayNumber)).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        long l when type == DeltaPrimitiveType.Timestamp => UnixTime.ToDateTime(l).ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture),
        long l when type == DeltaPrimitiveType.TimestampNtz => UnixTime.ToDateTime(l).ToString("yyyy-MM-dd HH:mm:ss.ffffff", CultureInfo.InvariantCulture),
        long l => l.ToString(CultureInfo.InvariantCulture),
        _ => throw new ArgumentOutOfRangeException(nameof(value), value, "Not a comparable Delta value."),
    };

    /// <summary>Converts a predicate literal to the comparable form of a column's type.</summary>
    public static object? Coerce(object? literal, DeltaType type, string column)
    {
        if (literal is null)
        {
            return null;
        }

        object? result = (literal, type) switch
        {
            (string s, _) when type != DeltaPrimitiveType.String => ParsePartitionValue(s, type, column),
            (string s, _) => s,
            (bool b, _) when type == DeltaPrimitiveType.Boolean => b,
            (DateTime t, _) when type == DeltaPrimitiveType.Timestamp || type == DeltaPrimitiveType.TimestampNtz => UnixTime.ToMicroseconds(UnixTime.EnsureUtc(t, nameof(literal))),
            (DateTimeOffset t, _) when type == DeltaPrimitiveType.Timestamp => UnixTime.ToMicroseconds(t.UtcDateTime),
            (DateOnly d, _) when type == DeltaPrimitiveType.Date => (long)(d.DayNumber - DateOnly.FromDateTime(DateTime.UnixEpoch).DayNumber),
            (DateTime t, _) when type == DeltaPrimitiveType.Date => (long)(DateOnly.FromDateTime(t).DayNumber - DateOnly.FromDateTime(DateTime.UnixEpoch).DayNumber),
            (byte[] b, _) when type == DeltaPrimitiveType.Binary => b,
            (_, DeltaDecimalType) when IsNumber(literal) => System.Convert.ToDecimal(literal, CultureInfo.InvariantCulture),
            (float or double, _) when IsFloating(type) => System.Convert.ToDouble(literal, CultureInfo.InvariantCulture),
            (decimal d, _) when IsFloating(type) => (double)d,
            (_, _) when IsNumber(literal) && IsFloating(type) => System.Convert.ToDouble(literal, CultureInfo.InvariantCulture),
            (_, _) when IsInteger(literal) && IsIntegral(type) => System.Convert.ToInt64(literal, CultureInfo.InvariantCulture),
            (float or double or decimal, _) when IsIntegral(type) => System.Convert.ToDecimal(literal, CultureInfo.InvariantCulture),
            _ => throw new SchemaException($"Column '{column}' has type {type}; the literal {literal} of type {literal.GetType().Name} cannot be compared with it."),
        };
        return result;
    }

    /// <summary>Compares two comparable values of one column (mixed integer and decimal compare numerically).</summary>
    public static int Compare(object left, object right) => (left, right) switch
    {
        (long a, long b) => a.CompareTo(b),
        (double a, double b) => a.CompareTo(b),
        (decimal a, decimal b) => a.CompareTo(b),
        (long a, decimal b) => ((decimal)a).CompareTo(b),
        (decimal a, long b) => a.CompareTo(b),
        (long a, double b) => ((double)a).CompareTo(b),
        (double a, long b) => a.CompareTo(b),
        (decimal a, double b) => ((double)a).CompareTo(b),
        (double a, decimal b) => a.CompareTo((double)b),
        (string a, string b) => string.CompareOrdinal(a, b),
        (bool a, bool b) => a.CompareTo(b),
        (byte[] a, byte[] b) => a.AsSpan().SequenceCompareTo(b),
        _ => throw new InvalidOperationException($"Cannot compare {left.GetType().Name} with {right.GetType().Name}."),
    };

    /// <summary>Reads a min or max statistic of a column (PROTOCOL.md, Per-file Statistics); null when absent or not comparable.</summary>
    public static object? FromStatistic(JsonElement value, DeltaType type)
    {
        try
        {
            return value.ValueKind switch
            {
                JsonValueKind.Number when IsIntegral(type) && value.TryGetInt64(out long l) => l,
                JsonValueKind.Number when IsFloating(type) => value.GetDouble(),
                JsonValueKind.Number when type is DeltaDecimalType => value.GetDecimal(),
                JsonValueKind.String when type == DeltaPrimitiveType.String => value.GetString(),
                JsonValueKind.String when type == DeltaPrimitiveType.Date => ParsePartitionValue(value.GetString(), type, string.Empty),
                JsonValueKind.String when type == DeltaPrimitiveType.Timestamp || type == DeltaPrimitiveType.TimestampNtz => ParseTimestamp(value.GetString()!),
                JsonValueKind.String when IsFloating(type) => ParseDouble(value.GetString()!),
                JsonValueKind.True or JsonValueKind.False when type == DeltaPrimitiveType.Boolean => value.GetBoolean(),
                _ => null,
            };
        }
        catch (Exception e) when (e is FormatException or SchemaException or OverflowException)
        {
            return null;
        }
    }

    public static bool IsIntegral(DeltaType type) =>
        type == DeltaPrimitiveType.Byte || type == DeltaPrimitiveType.Short || type == DeltaPrimitiveType.Integer || type == DeltaPrimitiveType.Long
        || type == DeltaPrimitiveType.Date || type == DeltaPrimitiveType.Timestamp || type == DeltaPrimitiveType.TimestampNtz;

    private static bool IsFloating(DeltaType type) => type == DeltaPrimitiveType.Float || type == DeltaPrimitiveType.Double;

    private static bool IsNumber(object value) => value is sbyte or byte or short or ushort or int or uint or long or ulong or float or double or decimal;

    private static bool IsInteger(object value) => value is sbyte or byte or short or ushort or int or uint or long or ulong;

    private static double ParseDouble(string text) => text switch
    {
        "NaN" => double.NaN,
        "Infinity" or "+Infinity" => double.PositiveInfinity,
        "-Infinity" => double.NegativeInfinity,
        _ => double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture),
    };

    private static string FormatDouble(double value)
    {
        string text = value.ToString("R", CultureInfo.InvariantCulture);
        return double.IsFinite(value) && !text.Contains('.', StringComparison.Ordinal) && !text.Contains('E', StringComparison.Ordinal) ? text + ".0" : text;
    }

    /// <summary>Parses <c>yyyy-MM-dd HH:mm:ss[.ffffff]</c> (read as UTC, as Delta Kernel does) or ISO-8601 with a zone, to microseconds.</summary>
    private static long ParseTimestamp(string text)
    {
        if (DateTime.TryParseExact(text, TimestampFormats, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out DateTime plain))
        {
            return UnixTime.ToMicroseconds(DateTime.SpecifyKind(plain, DateTimeKind.Utc));
        }

        DateTimeOffset instant = DateTimeOffset.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);
        return UnixTime.ToMicroseconds(instant.UtcDateTime);
    }
}
