using System.Collections.ObjectModel;
using System.Globalization;

namespace PredictiveMaintenance.Models;

/// <summary>
/// Rows of features that a model fits on or scores: a dense row-major matrix of doubles with named columns, cut into
/// segments (one per asset or file) that windowed models and alarm smoothing never cross.
/// </summary>
/// <remarks>
/// <para>NaN means missing. Immutable: the constructors copy what they are given.</para>
/// <para>
/// From a <see cref="TelemetryTable"/> (<see cref="FromTable"/>) each row is one reading, each column one channel and
/// each segment one asset, in the table's order (asset, then time).
/// </para>
/// </remarks>
public sealed class FeatureMatrix
{
    private readonly double[] _values;
    private readonly int[] _segmentOffsets;

    /// <summary>Creates a matrix of one segment from row-major values, copying them.</summary>
    /// <param name="values">The values, row after row; the length must be a multiple of <paramref name="columnCount"/>.</param>
    /// <param name="columnCount">Columns per row, at least 1.</param>
    /// <param name="columnNames">The column names; <c>f0</c>, <c>f1</c>, ... when null.</param>
    public FeatureMatrix(ReadOnlySpan<double> values, int columnCount, IReadOnlyList<string>? columnNames = null)
        : this(columnCount, values.ToArray(), columnNames, null)
    {
    }

    /// <summary>Creates a matrix cut into segments from row-major values, copying them.</summary>
    /// <param name="values">The values, row after row; the length must be a multiple of <paramref name="columnCount"/>.</param>
    /// <param name="columnCount">Columns per row, at least 1.</param>
    /// <param name="columnNames">The column names; <c>f0</c>, <c>f1</c>, ... when null.</param>
    /// <param name="segmentOffsets">Segment starts and the end: 0, then non-decreasing, last equal to the row count.</param>
    public FeatureMatrix(ReadOnlySpan<double> values, int columnCount, IReadOnlyList<string>? columnNames, ReadOnlySpan<int> segmentOffsets)
        : this(columnCount, values.ToArray(), columnNames, segmentOffsets.ToArray())
    {
    }

    // Takes ownership of the arrays.
    internal FeatureMatrix(int columnCount, double[] values, IReadOnlyList<string>? columnNames, int[]? segmentOffsets)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(columnCount);
        if (values.Length % columnCount != 0)
        {
            throw new ArgumentException($"{values.Length} values are not a whole number of rows of {columnCount} columns.", nameof(values));
        }

        int rows = values.Length / columnCount;
        segmentOffsets ??= [0, rows];
        if (segmentOffsets.Length < 2 || segmentOffsets[0] != 0 || segmentOffsets[^1] != rows)
        {
            throw new ArgumentException($"Segment offsets must start at 0 and end at the row count {rows}; they are [{string.Join(", ", segmentOffsets)}].", nameof(segmentOffsets));
        }

        for (int i = 1; i < segmentOffsets.Length; i++)
        {
            if (segmentOffsets[i] < segmentOffsets[i - 1])
            {
                throw new ArgumentException($"Segment offsets must not decrease; offset {i} is {segmentOffsets[i]} after {segmentOffsets[i - 1]}.", nameof(segmentOffsets));
            }
        }

        if (columnNames is not null && columnNames.Count != columnCount)
        {
            throw new ArgumentException($"{columnNames.Count} column names were given for {columnCount} columns.", nameof(columnNames));
        }

        _values = values;
        _segmentOffsets = segmentOffsets;
        ColumnCount = columnCount;
        RowCount = rows;
        ColumnNames = new ReadOnlyCollection<string>(columnNames?.ToArray() ?? DefaultNames(columnCount));
    }

    /// <summary>Rows.</summary>
    public int RowCount { get; }

    /// <summary>Columns (features) per row.</summary>
    public int ColumnCount { get; }

    /// <summary>The column names.</summary>
    public IReadOnlyList<string> ColumnNames { get; }

    /// <summary>All values, row after row.</summary>
    public ReadOnlySpan<double> Values => _values;

    /// <summary>Segments (assets or files); at least 1, some possibly empty.</summary>
    public int SegmentCount => _segmentOffsets.Length - 1;

    /// <summary>Segment starts and the end: rows of segment <c>s</c> are <c>[SegmentOffsets[s], SegmentOffsets[s + 1])</c>.</summary>
    public ReadOnlySpan<int> SegmentOffsets => _segmentOffsets;

    /// <summary>One row's values.</summary>
    /// <param name="row">The row, from 0.</param>
    public ReadOnlySpan<double> GetRow(int row)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(row);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(row, RowCount);
        return _values.AsSpan(row * ColumnCount, ColumnCount);
    }

    /// <summary>Whether a row has a missing (NaN) value.</summary>
    /// <param name="row">The row, from 0.</param>
    public bool HasMissing(int row) => ContainsNaN(GetRow(row));

    /// <summary>A matrix of consecutive rows, keeping the segments' cuts inside them.</summary>
    /// <param name="start">The first row.</param>
    /// <param name="length">How many rows.</param>
    public FeatureMatrix Slice(int start, int length)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(start);
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(start, RowCount - length);
        var offsets = new List<int> { 0 };
        for (int s = 0; s < SegmentCount; s++)
        {
            int end = Math.Clamp(_segmentOffsets[s + 1] - start, 0, length);
            if (end > offsets[^1] && end < length)
            {
                offsets.Add(end);
            }
        }

        offsets.Add(length);
        return new FeatureMatrix(ColumnCount, _values.AsSpan(start * ColumnCount, length * ColumnCount).ToArray(), ColumnNames, [.. offsets]);
    }

    /// <summary>The rows of a table as features: one column per named channel, one segment per asset.</summary>
    /// <param name="table">The table.</param>
    /// <param name="channels">The channels, in this order; every channel but the labels when null.</param>
    /// <exception cref="SchemaException">A channel is not in the table.</exception>
    public static FeatureMatrix FromTable(TelemetryTable table, IEnumerable<string>? channels = null)
    {
        ArgumentNullException.ThrowIfNull(table);
        string[] names = channels?.ToArray() ?? [.. table.Schema.Channels.Where(c => c.Role != ChannelRole.Label).Select(c => c.Name)];
        if (names.Length == 0)
        {
            throw new SchemaException("The table has no channel to use as a feature (every channel is a label).");
        }

        int rows = table.RowCount;
        double[] values = new double[rows * names.Length];
        for (int c = 0; c < names.Length; c++)
        {
            int index = table.Schema.IndexOf(names[c]);
            if (index < 0)
            {
                throw new SchemaException($"The table has no channel '{names[c]}'; it has {string.Join(", ", table.Schema.Channels.Select(ch => ch.Name))}.");
            }

            ReadOnlySpan<double> column = table.GetChannel(index);
            for (int r = 0, i = c; r < rows; r++, i += names.Length)
            {
                values[i] = column[r];
            }
        }

        return new FeatureMatrix(names.Length, values, names, table.AssetOffsets.ToArray());
    }

    /// <summary>A matrix of one segment from rows of equal length.</summary>
    /// <param name="rows">The rows.</param>
    /// <param name="columnNames">The column names; <c>f0</c>, <c>f1</c>, ... when null.</param>
    public static FeatureMatrix FromRows(IReadOnlyList<double[]> rows, IReadOnlyList<string>? columnNames = null)
    {
        ArgumentNullException.ThrowIfNull(rows);
        int columns = rows.Count > 0 ? rows[0].Length : columnNames?.Count ?? 0;
        double[] values = new double[rows.Count * columns];
        for (int r = 0; r < rows.Count; r++)
        {
            if (rows[r].Length != columns)
            {
                throw new ArgumentException($"Row {r} has {rows[r].Length} values; row 0 has {columns}.", nameof(rows));
            }

            rows[r].CopyTo(values, r * columns);
        }

        return new FeatureMatrix(columns, values, columnNames, null);
    }

    private static bool ContainsNaN(ReadOnlySpan<double> row)
    {
        foreach (double value in row)
        {
            if (double.IsNaN(value))
            {
                return true;
            }
        }

        return false;
    }

    private static string[] DefaultNames(int count) =>
        [.. Enumerable.Range(0, count).Select(i => "f" + i.ToString(CultureInfo.InvariantCulture))];
}
