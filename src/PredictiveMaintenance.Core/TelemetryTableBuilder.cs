namespace PredictiveMaintenance;

/// <summary>
/// Accumulates readings in any order, column by column, and builds a sorted <see cref="TelemetryTable"/>.
/// </summary>
/// <remarks>
/// <see cref="Build()"/> groups rows by asset (a counting sort, so <c>O(n)</c>), sorts each asset by time only where
/// it is out of order, and hands its arrays to the table without copying when the input was already sorted (otherwise
/// it gathers into new arrays and keeps its own for the next build).
/// Rows are identified by their insertion index (0 for the first <c>Add</c>), which is how duplicates are reported.
/// An asset registered with <see cref="GetOrAddAsset(string)"/> but given no row is not in the built table.
/// A builder is not thread-safe; after <c>Build</c> it is empty and can be reused.
/// </remarks>
public sealed class TelemetryTableBuilder
{
    private readonly TelemetrySchema _schema;
    private readonly int _capacity;
    private readonly List<string> _assetIds = [];
    private readonly Dictionary<string, int> _assetCodes = new(StringComparer.Ordinal);
    private int[] _assets;
    private long[] _times;
    private double[][] _channels;

    /// <summary>Creates a builder.</summary>
    /// <param name="schema">The schema of the table to build.</param>
    /// <param name="capacity">Rows to allocate room for up front, and again after each <c>Build</c> (the built table keeps the arrays).</param>
    public TelemetryTableBuilder(TelemetrySchema schema, int capacity = 0)
    {
        ArgumentNullException.ThrowIfNull(schema);
        ArgumentOutOfRangeException.ThrowIfNegative(capacity);
        _schema = schema;
        _capacity = capacity;
        (_assets, _times, _channels) = Allocate(schema, capacity);
    }

    /// <summary>The schema of the table to build.</summary>
    public TelemetrySchema Schema => _schema;

    /// <summary>Number of rows added since the builder was created or last built.</summary>
    public int Count { get; private set; }

    /// <summary>Returns the builder's code for an asset id, adding the asset if it is new. Builder codes are in order of first appearance.</summary>
    /// <param name="assetId">A non-empty asset id.</param>
    public int GetOrAddAsset(string assetId)
    {
        ArgumentException.ThrowIfNullOrEmpty(assetId);
        if (!_assetCodes.TryGetValue(assetId, out int code))
        {
            code = _assetIds.Count;
            _assetCodes.Add(assetId, code);
            _assetIds.Add(assetId);
        }

        return code;
    }

    /// <summary>Adds a row.</summary>
    /// <param name="assetId">The asset id.</param>
    /// <param name="time">The time (see <see cref="TelemetrySchema.TimeKind"/>).</param>
    /// <param name="values">One value per channel; <see cref="double.NaN"/> marks a missing reading.</param>
    public void Add(string assetId, long time, ReadOnlySpan<double> values) => Add(GetOrAddAsset(assetId), time, values);

    /// <summary>Adds a row for an asset code returned by <see cref="GetOrAddAsset(string)"/>.</summary>
    /// <param name="assetCode">The builder's asset code.</param>
    /// <param name="time">The time (see <see cref="TelemetrySchema.TimeKind"/>).</param>
    /// <param name="values">One value per channel; <see cref="double.NaN"/> marks a missing reading.</param>
    public void Add(int assetCode, long time, ReadOnlySpan<double> values)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(assetCode);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(assetCode, _assetIds.Count);
        if (values.Length != _channels.Length)
        {
            throw new ArgumentException($"Expected {_channels.Length} channel values, got {values.Length}.", nameof(values));
        }

        if (Count == _times.Length)
        {
            Grow();
        }

        _assets[Count] = assetCode;
        _times[Count] = time;
        for (int c = 0; c < values.Length; c++)
        {
            _channels[c][Count] = values[c];
        }

        Count++;
    }

    /// <summary>Builds the table and empties the builder.</summary>
    /// <exception cref="DataQualityException">Two rows have the same asset and time; the message names them.</exception>
    public TelemetryTable Build()
    {
        var duplicates = new List<DuplicateRow>();
        TelemetryTable table = Build(duplicates);
        if (duplicates.Count > 0)
        {
            DuplicateRow first = duplicates[0];
            throw new DataQualityException(
                $"{duplicates.Count} row(s) repeat an (asset, time) pair; the first is row {first.Row}, which repeats row {first.KeptRow} " +
                $"(asset '{first.AssetId}', {_schema.FormatTime(first.Time)}). Clean the input or call Build with a duplicate list to keep the first of each.");
        }

        return table;
    }

    /// <summary>
    /// Builds the table, keeping the first-added row of each (asset, time) pair and appending every dropped row to
    /// <paramref name="duplicates"/>; then empties the builder.
    /// </summary>
    /// <param name="duplicates">Receives one entry per dropped row, in (asset, time) order.</param>
    public TelemetryTable Build(ICollection<DuplicateRow> duplicates)
    {
        ArgumentNullException.ThrowIfNull(duplicates);
        int n = Count;
        string[] assetIds = [.. _assetIds];
        int[] rowsOf = new int[assetIds.Length];
        for (int i = 0; i < n; i++)
        {
            rowsOf[_assets[i]]++;
        }

        // Final asset codes are ranks in AssetIdComparer order; an asset registered without rows gets none.
        int[] byRank = [.. Enumerable.Range(0, assetIds.Length).Where(code => rowsOf[code] > 0)];
        int assetCount = byRank.Length;
        Array.Sort([.. byRank.Select(code => assetIds[code])], byRank, AssetIdComparer.Instance);
        int[] rankOf = new int[assetIds.Length];
        int[] offsets = new int[assetCount + 1];
        for (int rank = 0; rank < assetCount; rank++)
        {
            rankOf[byRank[rank]] = rank;
            offsets[rank + 1] = rowsOf[byRank[rank]];
        }

        for (int a = 0; a < assetCount; a++)
        {
            offsets[a + 1] += offsets[a];
        }

        // Stable counting sort by asset: order[k] is the insertion index of the k-th row of the table.
        int[] order = new int[n];
        int[] next = offsets[..^1];
        bool identity = true;
        for (int i = 0; i < n; i++)
        {
            int k = next[rankOf[_assets[i]]]++;
            order[k] = i;
            identity &= k == i;
        }

        int kept = SortAndDeduplicateEachAsset(order, offsets, assetIds, byRank, ref identity, duplicates);
        string[] rankedIds = [.. byRank.Select(code => assetIds[code])];
        TelemetryTable table = identity
            ? new TelemetryTable(_schema, rankedIds, offsets, _times, _channels)
            : Gather(order, kept, rankedIds, offsets);

        _assetIds.Clear();
        _assetCodes.Clear();
        if (identity)
        {
            // The table owns the arrays now; a gathered table left them free to reuse.
            (_assets, _times, _channels) = Allocate(_schema, _capacity);
        }

        Count = 0;
        return table;
    }

    /// <summary>
    /// Sorts each asset's slice of <paramref name="order"/> by (time, insertion index), moves duplicates out, and
    /// shrinks <paramref name="offsets"/> to the kept rows. Returns the number of kept rows, which sit compacted at the front.
    /// </summary>
    private int SortAndDeduplicateEachAsset(int[] order, int[] offsets, string[] assetIds, int[] byRank, ref bool identity, ICollection<DuplicateRow> duplicates)
    {
        long[] keys = [];
        int write = 0;
        int start = 0;
        for (int a = 0; a < byRank.Length; a++)
        {
            int end = offsets[a + 1];
            Span<int> slice = order.AsSpan(start, end - start);
            if (!IsStrictlyIncreasing(slice))
            {
                if (keys.Length < slice.Length)
                {
                    keys = new long[slice.Length];
                }

                Span<long> sliceKeys = keys.AsSpan(0, slice.Length);
                for (int k = 0; k < slice.Length; k++)
                {
                    sliceKeys[k] = _times[slice[k]];
                }

                // Equal keys may come out in any order; SortTies restores insertion order among them.
                sliceKeys.Sort(slice);
                SortTies(sliceKeys, slice);
                identity = false;
            }

            offsets[a] = write;
            for (int k = 0; k < slice.Length; k++)
            {
                int row = slice[k];
                if (k > 0 && _times[row] == _times[order[write - 1]])
                {
                    duplicates.Add(new DuplicateRow(row, order[write - 1], assetIds[byRank[a]], _times[row]));
                    identity = false;
                }
                else
                {
                    order[write++] = row;
                }
            }

            start = end;
        }

        offsets[^1] = write;
        return write;
    }

    private bool IsStrictlyIncreasing(ReadOnlySpan<int> rows)
    {
        for (int k = 1; k < rows.Length; k++)
        {
            if (_times[rows[k]] <= _times[rows[k - 1]])
            {
                return false;
            }
        }

        return true;
    }

    private static void SortTies(ReadOnlySpan<long> keys, Span<int> rows)
    {
        int runStart = 0;
        for (int k = 1; k <= keys.Length; k++)
        {
            if (k == keys.Length || keys[k] != keys[runStart])
            {
                if (k - runStart > 1)
                {
                    rows[runStart..k].Sort();
                }

                runStart = k;
            }
        }
    }

    private TelemetryTable Gather(int[] order, int count, string[] rankedIds, int[] offsets)
    {
        long[] times = new long[count];
        for (int k = 0; k < count; k++)
        {
            times[k] = _times[order[k]];
        }

        double[][] channels = new double[_channels.Length][];
        for (int c = 0; c < channels.Length; c++)
        {
            double[] source = _channels[c];
            double[] target = channels[c] = new double[count];
            for (int k = 0; k < count; k++)
            {
                target[k] = source[order[k]];
            }
        }

        return new TelemetryTable(_schema, rankedIds, offsets, times, channels);
    }

    private void Grow()
    {
        int capacity = Math.Max(1024, _times.Length * 2);
        Array.Resize(ref _assets, capacity);
        Array.Resize(ref _times, capacity);
        for (int c = 0; c < _channels.Length; c++)
        {
            Array.Resize(ref _channels[c], capacity);
        }
    }

    private static (int[] Assets, long[] Times, double[][] Channels) Allocate(TelemetrySchema schema, int capacity) =>
        (new int[capacity], new long[capacity], [.. schema.Channels.Select(_ => new double[capacity])]);
}

/// <summary>A row dropped by <see cref="TelemetryTableBuilder.Build(ICollection{DuplicateRow})"/> because an earlier row had the same asset and time.</summary>
/// <param name="Row">Insertion index of the dropped row.</param>
/// <param name="KeptRow">Insertion index of the row that was kept.</param>
/// <param name="AssetId">The asset.</param>
/// <param name="Time">The time they share.</param>
public readonly record struct DuplicateRow(int Row, int KeptRow, string AssetId, long Time);
