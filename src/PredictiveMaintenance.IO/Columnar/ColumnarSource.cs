namespace PredictiveMaintenance.IO;

/// <summary>What the columnar readers and conversions share: resolving columns, and the errors about them.</summary>
internal static class ColumnarSource
{
    /// <summary>
    /// Resolves the mapping against a source's column names, or, without a mapping, the schema stored in
    /// <paramref name="metadata"/> by this package's writers.
    /// </summary>
    /// <param name="mapping">The caller's mapping, or null to use the metadata.</param>
    /// <param name="header">The source's column names, in order.</param>
    /// <param name="metadata">The source's key-value metadata, if it has any.</param>
    /// <param name="source">The source's name, for messages.</param>
    /// <param name="writer">The writer that stores the metadata, for the message when it is missing.</param>
    public static ResolvedTelemetryColumns Resolve(
        TelemetryColumnMapping? mapping, IReadOnlyList<string> header, IReadOnlyDictionary<string, string>? metadata, string source, string writer)
    {
        CheckUniqueNames(header, source);
        if (mapping is null)
        {
            if (metadata is null || !metadata.TryGetValue(TelemetrySchemaMetadata.Key, out string? json))
            {
                throw new SchemaException(
                    $"{source}: there is no '{TelemetrySchemaMetadata.Key}' metadata, so it was not written by {writer}; " +
                    "give a TelemetryColumnMapping to say which columns are the asset, the time and the channels.");
            }

            mapping = MappingOf(TelemetrySchemaMetadata.FromJson(json, source));
        }

        return mapping.Resolve(header, header.Count, source);
    }

    /// <summary>The mapping that reads the columns of <paramref name="schema"/> by name, with its time kind and roles.</summary>
    public static TelemetryColumnMapping MappingOf(TelemetrySchema schema) => new()
    {
        AssetColumn = ColumnReference.ByName(schema.AssetColumn),
        TimeColumn = ColumnReference.ByName(schema.TimeColumn),
        TimeKind = schema.TimeKind,
        Channels = [.. schema.Channels.Select(c => new ChannelMapping(ColumnReference.ByName(c.Name), c.Name, c.Role))],
    };

    /// <summary>Throws when two columns share a name, since columns are found by name.</summary>
    public static void CheckUniqueNames(IReadOnlyList<string> header, string source)
    {
        var seen = new Dictionary<string, int>(header.Count, StringComparer.Ordinal);
        for (int i = 0; i < header.Count; i++)
        {
            if (!seen.TryAdd(header[i], i))
            {
                throw new SchemaException(FormattableString.Invariant(
                    $"{source}: column '{header[i]}' appears twice (columns {seen[header[i]] + 1} and {i + 1})."));
            }
        }
    }

    /// <summary>
    /// The error for a mapped column whose type cannot be read in its role, naming the source, the column, the type
    /// found and the types expected.
    /// </summary>
    /// <param name="columns">The resolved mapping.</param>
    /// <param name="sourceIndex">The column's position in the source.</param>
    /// <param name="name">The column's name in the source.</param>
    /// <param name="found">The column's type as the source's format names it.</param>
    /// <param name="source">The source's name.</param>
    public static SchemaException UnsupportedType(ResolvedTelemetryColumns columns, int sourceIndex, string name, string found, string source)
    {
        string expected = sourceIndex == columns.AssetIndex
            ? $"the asset column '{name}' is of type {found}; expected a string or an integer column."
            : sourceIndex != columns.TimeIndex
                ? $"the channel column '{name}' is of type {found}; expected a number (float, double, decimal or an integer type). " +
                  "Leave the column out with TelemetryColumnMapping.IgnoredColumns, or list the channels."
                : columns.Schema.TimeKind == TimeKind.UtcTimestamp
                    ? $"the time column '{name}' is of type {found}; expected a timestamp, a date or an int64 of microseconds since 1970 (TimeKind.UtcTimestamp)."
                    : $"the time column '{name}' is of type {found}; expected an integer column of cycles (TimeKind.Cycle).";
        return new SchemaException($"{source}: {expected}");
    }

    /// <summary>What an integer time column counts, for messages.</summary>
    public static string TimeTarget(TimeKind kind) => kind == TimeKind.UtcTimestamp ? "microseconds since 1970" : "cycles";
}
