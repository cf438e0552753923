using System.Globalization;

namespace PredictiveMaintenance.IO;

/// <summary>A column of a source file, by header name or by 0-based position.</summary>
public readonly record struct ColumnReference
{
    private ColumnReference(string? name, int index)
    {
        Name = name;
        Index = index;
    }

    /// <summary>The header name, or null for a positional reference.</summary>
    public string? Name { get; }

    /// <summary>The 0-based position, or -1 for a reference by name.</summary>
    public int Index { get; }

    /// <summary>A reference by header name (ordinal comparison).</summary>
    /// <param name="name">The column's header name.</param>
    public static ColumnReference ByName(string name)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        return new ColumnReference(name, -1);
    }

    /// <summary>A reference by 0-based position.</summary>
    /// <param name="index">The column's position, 0 for the first.</param>
    public static ColumnReference ByIndex(int index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        return new ColumnReference(null, index);
    }

    /// <summary>Parses command-line text: digits are a 0-based position, anything else a header name.</summary>
    /// <param name="text">A name or a position.</param>
    public static ColumnReference Parse(string text)
    {
        ArgumentException.ThrowIfNullOrEmpty(text);
        return text.All(char.IsAsciiDigit) && int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out int index)
            ? ByIndex(index)
            : ByName(text);
    }

    /// <summary>A reference by header name.</summary>
    /// <param name="name">The column's header name.</param>
    public static implicit operator ColumnReference(string name) => ByName(name);

    /// <summary>A reference by header name.</summary>
    /// <param name="name">The column's header name.</param>
    public static ColumnReference FromString(string name) => ByName(name);

    /// <summary>The name in quotes, or <c>#index</c> for a positional reference.</summary>
    public override string ToString() => Name is null ? FormattableString.Invariant($"#{Index}") : $"'{Name}'";
}
