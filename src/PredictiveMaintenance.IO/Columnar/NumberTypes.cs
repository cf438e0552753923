using System.Diagnostics;
using System.Numerics;

namespace PredictiveMaintenance.IO;

/// <summary>Does something with a numeric CLR type known only at run time, without reflection.</summary>
/// <typeparam name="TResult">What the visit returns.</typeparam>
internal interface INumberTypeVisitor<out TResult>
{
    /// <summary>Visits a signed or unsigned integer type of 8 to 64 bits.</summary>
    TResult VisitInteger<T>()
        where T : struct, IBinaryInteger<T>;

    /// <summary>Visits <see cref="float"/>, <see cref="double"/>, <see cref="Half"/> or <see cref="decimal"/>.</summary>
    TResult VisitFloatingPoint<T>()
        where T : struct, IFloatingPoint<T>;
}

/// <summary>The numeric CLR types the columnar readers convert, and their names in messages.</summary>
internal static class NumberTypes
{
    /// <summary>Calls the visitor's method for <paramref name="type"/>; false when it is not a number type.</summary>
    public static bool TryVisit<TResult>(Type type, INumberTypeVisitor<TResult> visitor, out TResult result)
    {
        TResult? visited = default;
        bool known = true;
        if (type == typeof(sbyte))
        {
            visited = visitor.VisitInteger<sbyte>();
        }
        else if (type == typeof(byte))
        {
            visited = visitor.VisitInteger<byte>();
        }
        else if (type == typeof(short))
        {
            visited = visitor.VisitInteger<short>();
        }
        else if (type == typeof(ushort))
        {
            visited = visitor.VisitInteger<ushort>();
        }
        else if (type == typeof(int))
        {
            visited = visitor.VisitInteger<int>();
        }
        else if (type == typeof(uint))
        {
            visited = visitor.VisitInteger<uint>();
        }
        else if (type == typeof(long))
        {
            visited = visitor.VisitInteger<long>();
        }
        else if (type == typeof(ulong))
        {
            visited = visitor.VisitInteger<ulong>();
        }
        else if (type == typeof(float))
        {
            visited = visitor.VisitFloatingPoint<float>();
        }
        else if (type == typeof(double))
        {
            visited = visitor.VisitFloatingPoint<double>();
        }
        else if (type == typeof(Half))
        {
            visited = visitor.VisitFloatingPoint<Half>();
        }
        else if (type == typeof(decimal))
        {
            visited = visitor.VisitFloatingPoint<decimal>();
        }
        else
        {
            known = false;
        }

        result = visited!;
        return known;
    }

    /// <summary>Calls the visitor's method for <paramref name="type"/>, a type already checked to be a number type.</summary>
    public static TResult Visit<TResult>(Type type, INumberTypeVisitor<TResult> visitor) =>
        TryVisit(type, visitor, out TResult result) ? result : throw new UnreachableException($"{type} was checked to be a number type.");

    /// <summary>Whether <paramref name="type"/> is an integer type of 8 to 64 bits.</summary>
    public static bool IsInteger(Type type) =>
        type == typeof(sbyte) || type == typeof(byte) || type == typeof(short) || type == typeof(ushort)
        || type == typeof(int) || type == typeof(uint) || type == typeof(long) || type == typeof(ulong);

    /// <summary>A C#-style name of a CLR type for messages: <c>int</c>, <c>double</c>, <c>DateTime</c>.</summary>
    public static string NameOf(Type type) => type switch
    {
        _ when type == typeof(sbyte) => "sbyte",
        _ when type == typeof(byte) => "byte",
        _ when type == typeof(short) => "short",
        _ when type == typeof(ushort) => "ushort",
        _ when type == typeof(int) => "int",
        _ when type == typeof(uint) => "uint",
        _ when type == typeof(long) => "long",
        _ when type == typeof(ulong) => "ulong",
        _ when type == typeof(float) => "float",
        _ when type == typeof(double) => "double",
        _ when type == typeof(decimal) => "decimal",
        _ when type == typeof(bool) => "bool",
        _ when type == typeof(string) || type == typeof(ReadOnlyMemory<char>) => "string",
        _ when type == typeof(byte[]) || type == typeof(ReadOnlyMemory<byte>) => "binary",
        _ => type.Name,
    };
}
