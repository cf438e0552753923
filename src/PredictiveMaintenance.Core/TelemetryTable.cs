using System.Collections.ObjectModel;
using System.Diagnostics;

namespace PredictiveMaintenance;

/// <summary>
/// An immutable, columnar table of sensor readings: one row per asset and time, sorted by asset and then time,
/// with one contiguous column per channel.
/// </summary>
/// <remarks>
/// <para>
/// Layout (struct of arrays): asset ids are dictionary-encoded, and because rows are sorted by asset the rows of asset
/// code <c>a</c> are the contiguous range <see cref="GetAssetRows(int)"/>, so operators work on spans of one asset
/// without copying. Asset codes follow <see cref="AssetIdComparer"/> order. Within an asset, times strictly increase:
/// the table holds no duplicate (asset, time) pair.
/// </para>
/// <para>
/// Times are int64: microseconds since the Unix epoch (UTC) or cycles, per <see cref="TelemetrySchema.TimeKind"/>.
/// Channels are <see cref="double"/>; a missing reading is <see cref="double.NaN"/>, the only value that marks it.
/// </para>
/// <para>Instances are built by <see cref="TelemetryTableBuilder"/>, by the readers of the IO package, or by <see cref="Concat"/>.</para>
/// </remarks>
public sealed class TelemetryTable
{
    private readonly string[] _assetIds;
    private readonly int[] _assetOffsets;
    private readonly long[] _times;
    private readonly double[][] _channels;
    private readonly Dictionary<string, int> _assetCodes;

    /// <summary>Takes ownership of sorted, validated columns (arrays may be longer than the row count).</summary>
    internal TelemetryTable(TelemetrySchema schema, string[] assetIds, int[] assetOffsets, long[] times, double[][] channels)
    {
        Debug.Assert(assetOffsets.Length == assetIds.Length + 1 && assetOffsets[0] == 0, "One offset per asset plus the end.");
        Debug.Assert(channels.Length == schema.Channels.Count, "One column per channel.");
        Debug.Assert(times.Length >= assetOffsets[^1] && channels.All(c => c.Length >= assetOffsets[^1]), "Columns hold every row.");
        Schema = schema;
        _assetIds = assetIds;
        _assetOffsets = assetOffsets;
        _times = times;
        _channels = channels;
        _assetCodes = NameLists.Positions(assetIds);

        AssetIds = new ReadOnlyCollection<string>(_assetIds);
    }

    /// <summary>The columns of the table.</summary>
    public TelemetrySchema Schema { get; }

    /// <summary>Number of rows.</summary>
    public int RowCount => _assetOffsets[^1];

    /// <summary>Number of distinct assets.</summary>
    public int AssetCount => _assetIds.Length;

    /// <summary>The asset ids, indexed by asset code, in <see cref="AssetIdComparer"/> order.</summary>
    public IReadOnlyList<string> AssetIds { get; }

    /// <summary>
    /// Row offsets of the assets: the rows of asset code <c>a</c> are <c>[AssetOffsets[a], AssetOffsets[a + 1])</c>;
    /// the last element is <see cref="RowCount"/>.
    /// </summary>
    public ReadOnlySpan<int> AssetOffsets => _assetOffsets;

    /// <summary>The time column of every row (see <see cref="TelemetrySchema.TimeKind"/> for the unit).</summary>
    public ReadOnlySpan<long> Times => _times.AsSpan(0, RowCount);

    /// <summary>Returns an empty table with the given schema.</summary>
    /// <param name="schema">The schema.</param>
    public static TelemetryTable Empty(TelemetrySchema schema)
    {
        ArgumentNullException.ThrowIfNull(schema);
        return new TelemetryTable(schema, [], [0], [], [.. schema.Channels.Select(_ => Array.Empty<double>())]);
    }

    /// <summary>Returns the values of one channel for every row.</summary>
    /// <param name="channel">Channel index in <see cref="TelemetrySchema.Channels"/>.</param>
    public ReadOnlySpan<double> GetChannel(int channel) => _channels[CheckChannel(channel)].AsSpan(0, RowCount);

    /// <summary>Returns the values of one channel for every row.</summary>
    /// <param name="name">Channel name.</param>
    /// <exception cref="SchemaException">No channel has that name.</exception>
    public ReadOnlySpan<double> GetChannel(string name) => GetChannel(Schema.GetIndex(name));

    /// <summary>Returns the rows of one asset.</summary>
    /// <param name="assetCode">Asset code, an index into <see cref="AssetIds"/>.</param>
    public Range GetAssetRows(int assetCode)
    {
        CheckAsset(assetCode);
        return new Range(_assetOffsets[assetCode], _assetOffsets[assetCode + 1]);
    }

    /// <summary>Returns the times of one asset (strictly increasing).</summary>
    /// <param name="assetCode">Asset code, an index into <see cref="AssetIds"/>.</param>
    public ReadOnlySpan<long> GetTimes(int assetCode) => Times[GetAssetRows(assetCode)];

    /// <summary>Returns the values of one channel for one asset.</summary>
    /// <param name="channel">Channel index in <see cref="TelemetrySchema.Channels"/>.</param>
    /// <param name="assetCode">Asset code, an index into <see cref="AssetIds"/>.</param>
    public ReadOnlySpan<double> GetChannel(int channel, int assetCode) => GetChannel(channel)[GetAssetRows(assetCode)];

    /// <summary>Looks up the code of an asset id.</summary>
    /// <param name="assetId">The asset id (ordinal comparison).</param>
    /// <param name="assetCode">The code, or -1 when the table has no such asset.</param>
    /// <returns>Whether the table has rows of the asset.</returns>
    public bool TryGetAssetCode(string assetId, out int assetCode)
    {
        ArgumentNullException.ThrowIfNull(assetId);
        if (_assetCodes.TryGetValue(assetId, out assetCode))
        {
            return true;
        }

        assetCode = -1;
        return false;
    }

    /// <summary>Returns the code of the asset that row <paramref name="row"/> belongs to (a binary search over the offsets).</summary>
    /// <param name="row">A row index.</param>
    public int GetAssetCodeOfRow(int row)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(row);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(row, RowCount);
        int index = _assetOffsets.AsSpan().BinarySearch(row);

        // An exact hit may be the start of an empty range only if assets had no rows, which the builder never produces.
        return index >= 0 ? index : ~index - 1;
    }

    /// <summary>Returns a table of the given assets only, in this table's order; assets the table lacks are ignored.</summary>
    /// <param name="assetIds">The asset ids to keep.</param>
    public TelemetryTable SelectAssets(IEnumerable<string> assetIds)
    {
        ArgumentNullException.ThrowIfNull(assetIds);
        var keep = new HashSet<string>(assetIds, StringComparer.Ordinal);
        int[] codes = [.. Enumerable.Range(0, AssetCount).Where(a => keep.Contains(_assetIds[a]))];
        int[] offsets = new int[codes.Length + 1];
        for (int i = 0; i < codes.Length; i++)
        {
            offsets[i + 1] = offsets[i] + (_assetOffsets[codes[i] + 1] - _assetOffsets[codes[i]]);
        }

        long[] times = new long[offsets[^1]];
        double[][] channels = [.. _channels.Select(_ => new double[offsets[^1]])];
        for (int i = 0; i < codes.Length; i++)
        {
            Range rows = GetAssetRows(codes[i]);
            Times[rows].CopyTo(times.AsSpan(offsets[i]));
            for (int c = 0; c < channels.Length; c++)
            {
                GetChannel(c)[rows].CopyTo(channels[c].AsSpan(offsets[i]));
            }
        }

        return new TelemetryTable(Schema, [.. codes.Select(a => _assetIds[a])], offsets, times, channels);
    }

    /// <summary>Returns a table of the rows whose <paramref name="keep"/> entry is true, in this table's order; assets left with no row are dropped.</summary>
    /// <param name="keep">One entry per row.</param>
    /// <exception cref="ArgumentException"><paramref name="keep"/> does not have <see cref="RowCount"/> entries.</exception>
    public TelemetryTable SelectRows(ReadOnlySpan<bool> keep)
    {
        if (keep.Length != RowCount)
        {
            throw new ArgumentException($"Expected one entry per row ({RowCount}), got {keep.Length}.", nameof(keep));
        }

        var assetIds = new List<string>(AssetCount);
        var offsets = new List<int>(AssetCount + 1) { 0 };
        int kept = 0;
        for (int a = 0; a < AssetCount; a++)
        {
            int before = kept;
            for (int row = _assetOffsets[a]; row < _assetOffsets[a + 1]; row++)
            {
                kept += keep[row] ? 1 : 0;
            }

            if (kept > before)
            {
                assetIds.Add(_assetIds[a]);
                offsets.Add(kept);
            }
        }

        long[] times = new long[kept];
        double[][] channels = [.. _channels.Select(_ => new double[kept])];
        for (int row = 0, to = 0; row < RowCount; row++)
        {
            if (keep[row])
            {
                times[to] = _times[row];
                for (int c = 0; c < channels.Length; c++)
                {
                    channels[c][to] = _channels[c][row];
                }

                to++;
            }
        }

        return new TelemetryTable(Schema, [.. assetIds], [.. offsets], times, channels);
    }

    /// <summary>
    /// Returns a table with this table's rows (the same assets and times) and other channels, such as features
    /// computed row by row from this table's channels.
    /// </summary>
    /// <param name="schema">The new schema: the same asset column, time column and time kind as this table's.</param>
    /// <param name="columns">One column per channel of <paramref name="schema"/>, each with <see cref="RowCount"/> values; copied.</param>
    /// <exception cref="SchemaException">The asset column, time column or time kind differ.</exception>
    /// <exception cref="ArgumentException">The number or length of the columns is wrong.</exception>
    public TelemetryTable WithChannels(TelemetrySchema schema, IReadOnlyList<double[]> columns) => WithChannels(schema, columns, copy: true);

    /// <summary>
    /// <see cref="WithChannels(TelemetrySchema, IReadOnlyList{double[]})"/>, taking ownership of the columns instead of
    /// copying them when <paramref name="copy"/> is false (<see cref="TelemetryTableMarshal"/>).
    /// </summary>
    internal TelemetryTable WithChannels(TelemetrySchema schema, IReadOnlyList<double[]> columns, bool copy)
    {
        ArgumentNullException.ThrowIfNull(schema);
        ArgumentNullException.ThrowIfNull(columns);
        if (schema.AssetColumn != Schema.AssetColumn || schema.TimeColumn != Schema.TimeColumn || schema.TimeKind != Schema.TimeKind)
        {
            throw new SchemaException(
                $"The new schema must keep the asset column, time column and time kind: expected '{Schema.AssetColumn}', '{Schema.TimeColumn}' ({Schema.TimeKind}), " +
                $"got '{schema.AssetColumn}', '{schema.TimeColumn}' ({schema.TimeKind}).");
        }

        if (columns.Count != schema.Channels.Count)
        {
            throw new ArgumentException($"Expected {schema.Channels.Count} columns, one per channel of the schema, got {columns.Count}.", nameof(columns));
        }

        double[][] channels = new double[columns.Count][];
        for (int c = 0; c < channels.Length; c++)
        {
            double[] column = columns[c] ?? throw new ArgumentNullException(nameof(columns));
            if (column.Length != RowCount)
            {
                throw new ArgumentException($"Column {c} ('{schema.Channels[c].Name}') has {column.Length} values; the table has {RowCount} rows.", nameof(columns));
            }

            channels[c] = copy ? [.. column] : column;
        }

        return new TelemetryTable(schema, _assetIds, _assetOffsets, _times, channels);
    }

    /// <summary>
    /// Concatenates tables of one schema into one sorted table, such as the batches of a stream.
    /// </summary>
    /// <param name="tables">Tables with equal schemas.</param>
    /// <exception cref="SchemaException">The schemas differ; the message names both.</exception>
    /// <exception cref="DataQualityException">Two tables hold a row for the same asset and time.</exception>
    public static TelemetryTable Concat(IEnumerable<TelemetryTable> tables)
    {
        ArgumentNullException.ThrowIfNull(tables);
        TelemetryTable[] all = [.. tables];
        if (all.Length == 0)
        {
            throw new ArgumentException("At least one table is needed to know the schema.", nameof(tables));
        }

        TelemetrySchema schema = all[0].Schema;
        var builder = new TelemetryTableBuilder(schema, all.Sum(t => t.RowCount));
        double[] row = new double[schema.Channels.Count];
        foreach (TelemetryTable table in all)
        {
            if (!table.Schema.Equals(schema))
            {
                throw new SchemaException($"Cannot concatenate tables of different schemas: [{schema}] and [{table.Schema}].");
            }

            for (int a = 0; a < table.AssetCount; a++)
            {
                int code = builder.GetOrAddAsset(table._assetIds[a]);
                for (int r = table._assetOffsets[a]; r < table._assetOffsets[a + 1]; r++)
                {
                    for (int c = 0; c < row.Length; c++)
                    {
                        row[c] = table._channels[c][r];
                    }

                    builder.Add(code, table._times[r], row);
                }
            }
        }

        return builder.Build();
    }

    private int CheckChannel(int channel)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(channel);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(channel, _channels.Length);
        return channel;
    }

    private void CheckAsset(int assetCode)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(assetCode);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(assetCode, _assetIds.Length);
    }
}
