namespace PredictiveMaintenance.IO;

/// <summary>
/// Which columns of a source (a delimited file, a Parquet or Arrow file, a DataFrame) are the asset id, the time and
/// the channels of a telemetry table. Immutable once built; <see cref="Validate"/> checks it as a whole.
/// </summary>
/// <example>
/// The Azure telemetry file by header names, every other column a sensor:
/// <code>new TelemetryColumnMapping { AssetColumn = "machineID", TimeColumn = "datetime" }</code>
/// With a header, <c>new TelemetryColumnMapping()</c> finds both columns by their usual names.
/// </example>
public sealed class TelemetryColumnMapping
{
    /// <summary>Header names (any case) taken for the asset column when <see cref="AssetColumn"/> and <see cref="ConstantAssetId"/> are not set, in order of preference.</summary>
    public static IReadOnlyList<string> AssetColumnNames { get; } =
        ["asset", "asset_id", "assetid", "machineid", "machine_id", "machine", "unit", "unit_id", "unit_number", "device", "device_id", "equipment", "equipment_id", "id"];

    /// <summary>Header names (any case) taken for the time column when <see cref="TimeColumn"/> is not set, in order of preference.</summary>
    public static IReadOnlyList<string> TimeColumnNames { get; } =
        ["timestamp", "datetime", "time", "date", "ts", "event_time", "cycle", "cycles", "time_cycles"];

    /// <summary>The asset id column. Default (null, without <see cref="ConstantAssetId"/>): the first header named as in <see cref="AssetColumnNames"/>.</summary>
    public ColumnReference? AssetColumn { get; init; }

    /// <summary>The asset id of every row, for sources with one asset per file (SKAB); not together with <see cref="AssetColumn"/>.</summary>
    public string? ConstantAssetId { get; init; }

    /// <summary>The asset column's name in the table. Default: the source header name, or <c>asset</c>.</summary>
    public string? AssetColumnName { get; init; }

    /// <summary>The time column. Default (null): the first header named as in <see cref="TimeColumnNames"/>.</summary>
    public ColumnReference? TimeColumn { get; init; }

    /// <summary>The time column's name in the table. Default: the source header name, or <c>time</c>.</summary>
    public string? TimeColumnName { get; init; }

    /// <summary>What the time column counts. Default: <see cref="TimeKind.UtcTimestamp"/>.</summary>
    public TimeKind TimeKind { get; init; } = TimeKind.UtcTimestamp;

    /// <summary>The channels, in table order. Default (null): every column that is not the asset, the time or ignored, in source order.</summary>
    public IReadOnlyList<ChannelMapping>? Channels { get; init; }

    /// <summary>Columns left out when <see cref="Channels"/> is null. Default: none.</summary>
    public IReadOnlyList<ColumnReference> IgnoredColumns { get; init; } = [];

    /// <summary>Roles of inferred channels by header name, when <see cref="Channels"/> is null; unnamed ones are sensors. Default: none.</summary>
    public IReadOnlyDictionary<string, ChannelRole> Roles { get; init; } = new Dictionary<string, ChannelRole>();

    /// <summary>Checks that the settings make sense together.</summary>
    /// <exception cref="ArgumentException">Both <see cref="AssetColumn"/> and <see cref="ConstantAssetId"/> are set, or <see cref="IgnoredColumns"/> is combined with explicit <see cref="Channels"/>.</exception>
    public void Validate()
    {
        if (AssetColumn is not null && ConstantAssetId is not null)
        {
            throw new ArgumentException("Set at most one of AssetColumn (a column holding asset ids) and ConstantAssetId (one asset per file).");
        }

        if (ConstantAssetId is { Length: 0 })
        {
            throw new ArgumentException("ConstantAssetId must not be empty.");
        }

        if (Channels is not null && IgnoredColumns.Count > 0)
        {
            throw new ArgumentException("IgnoredColumns applies only when Channels is null (channels inferred); with explicit Channels, unlisted columns are ignored already.");
        }
    }

    /// <summary>Resolves the mapping against a source's columns.</summary>
    /// <param name="header">The source's column names, or null for a source without a header.</param>
    /// <param name="columnCount">The number of columns in the source.</param>
    /// <param name="source">The source's name, for messages.</param>
    /// <returns>The telemetry schema and the source position of each of its columns.</returns>
    /// <exception cref="SchemaException">A referenced column does not exist, is used twice, has no name, or cannot be found by its usual names; the message lists the source's columns.</exception>
    public ResolvedTelemetryColumns Resolve(IReadOnlyList<string>? header, int columnCount, string source)
    {
        Validate();
        ArgumentOutOfRangeException.ThrowIfNegative(columnCount);
        ArgumentNullException.ThrowIfNull(source);
        if (header is not null && header.Count != columnCount)
        {
            throw new ArgumentException("The header must name every column.", nameof(header));
        }

        var used = new HashSet<int>();
        int Find(ColumnReference column, string role)
        {
            int index = column.Find(header, columnCount, source, role);
            if (!used.Add(index))
            {
                throw new SchemaException($"{source}: column {column} is mapped twice (again as the {role} column).");
            }

            return index;
        }

        string NameOf(int index, string? explicitName, string fallback) => explicitName ?? header?[index] ?? fallback;

        ColumnReference? assetColumn = AssetColumn ?? (ConstantAssetId is null ? Infer(header, AssetColumnNames, "asset", "AssetColumn or ConstantAssetId", source) : (ColumnReference?)null);
        int assetIndex = assetColumn is { } asset ? Find(asset, "asset") : -1;
        int timeIndex = Find(TimeColumn ?? Infer(header, TimeColumnNames, "time", "TimeColumn", source), "time");
        foreach (ColumnReference ignored in IgnoredColumns)
        {
            Find(ignored, "ignored");
        }

        var channels = new List<(int Index, ChannelDefinition Definition)>();
        if (Channels is not null)
        {
            foreach (ChannelMapping channel in Channels)
            {
                int index = Find(channel.Column, "channel");
                string name = channel.Name ?? header?[index]
                    ?? throw new SchemaException($"{source}: channel column {channel.Column} needs a name because the source has no header.");
                channels.Add((index, new ChannelDefinition(name, channel.Role)));
            }
        }
        else
        {
            for (int index = 0; index < columnCount; index++)
            {
                if (!used.Contains(index))
                {
                    string name = header?[index] ?? FormattableString.Invariant($"column{index + 1}");
                    channels.Add((index, new ChannelDefinition(name, Roles.GetValueOrDefault(name, ChannelRole.Sensor))));
                }
            }
        }

        var schema = new TelemetrySchema(
            assetIndex < 0 ? AssetColumnName ?? "asset" : NameOf(assetIndex, AssetColumnName, "asset"),
            NameOf(timeIndex, TimeColumnName, "time"),
            TimeKind,
            channels.Select(c => c.Definition));
        return new ResolvedTelemetryColumns(schema, columnCount, assetIndex, ConstantAssetId, timeIndex, [.. channels.Select(c => c.Index)]);
    }

    private static ColumnReference Infer(IReadOnlyList<string>? header, IReadOnlyList<string> names, string role, string setting, string source)
    {
        foreach (string name in names)
        {
            for (int i = 0; header is not null && i < header.Count; i++)
            {
                if (string.Equals(header[i], name, StringComparison.OrdinalIgnoreCase))
                {
                    return ColumnReference.ByName(header[i]);
                }
            }
        }

        string found = header is null ? "the source has no header" : "its columns are " + string.Join(", ", header.Select(n => $"'{n}'"));
        throw new SchemaException($"{source}: no column is named like an {role} column ({string.Join(", ", names)}); {found}. Set {setting}.");
    }
}
