namespace PredictiveMaintenance;

/// <summary>Lookups in the lists of column, channel and feature names the layers pass around.</summary>
public static class NameLists
{
    /// <summary>The position of <paramref name="name"/> in <paramref name="names"/> (ordinal), or -1.</summary>
    /// <param name="names">The names.</param>
    /// <param name="name">The name looked for.</param>
    public static int IndexOf(this IReadOnlyList<string> names, string name)
    {
        ArgumentNullException.ThrowIfNull(names);
        for (int i = 0; i < names.Count; i++)
        {
            if (string.Equals(names[i], name, StringComparison.Ordinal))
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>Each name's position, for lookups by name (ordinal).</summary>
    /// <param name="names">Distinct names.</param>
    /// <exception cref="ArgumentException">A name occurs twice.</exception>
    public static Dictionary<string, int> Positions(IReadOnlyList<string> names)
    {
        ArgumentNullException.ThrowIfNull(names);
        var positions = new Dictionary<string, int>(names.Count, StringComparer.Ordinal);
        for (int i = 0; i < names.Count; i++)
        {
            positions.Add(names[i], i);
        }

        return positions;
    }
}
