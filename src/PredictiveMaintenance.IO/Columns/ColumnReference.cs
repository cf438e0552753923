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

    /// <summary>Returns the 0-based position of this column in a source.</summary>
    /// <param name="header">The source's column names, or null when it has no header.</param>
    /// <param name="columnCount">How many columns the source has.</param>
    /// <param name="source">The source's name (and line), for the message.</param>
    /// <param name="role">What the column is for (asset, time, ...), for the message.</param>
    /// <exception cref="SchemaException">The source has no such column; the message lists its columns.</exception>
    internal int Find(IReadOnlyList<string>? header, int columnCount, string source, string role)
    {
        int index = Index;
        if (Name is not null)
        {
            index = -1;
            for (int i = 0; header is not null && i < header.Count; i++)
            {
                if (string.Equals(header[i], Name, StringComparison.Ordinal))
                {
                    index = i;
                    break;
                }
            }
        }

        if (index >= 0 && index < columnCount)
        {
            return index;
        }

        string columns = header is null
            ? FormattableString.Invariant($"{columnCount} unnamed column(s)")
            : header.Count == 0 ? "no columns" : "columns " + string.Join(", ", header.Select(n => $"'{n}'"));
        string byName = Name is not null && header is null ? " (the source has no header, so refer to columns by position)" : string.Empty;
        throw new SchemaException($"{source}: the {role} column {this} is not in the source{byName}; it has {columns}.");
    }

    /// <summary>The name in quotes, or <c>#index</c> for a positional reference.</summary>
    public override string ToString() => Name is null ? FormattableString.Invariant($"#{Index}") : $"'{Name}'";
}
