using System.Collections.ObjectModel;

namespace PredictiveMaintenance.Joins;

/// <summary>
/// An event log sorted once into columns: asset ids dictionary-encoded in <see cref="AssetIdComparer"/> order, events of
/// each asset contiguous and ordered by time, then category; times as int64 table time; categories as small codes.
/// Immutable and thread-safe; the joins read it per asset with merge-style sweeps and never sort it again.
/// </summary>
/// <remarks>
/// Because telemetry tables order their assets the same way, aligning an event table with a telemetry table is a lookup
/// per asset, not per event. Events of one asset at the same time are all kept, including repeats of one category
/// (each counts). Categories are numbered in <see cref="AssetIdComparer"/> order of their names (<c>comp2</c> before <c>comp10</c>).
/// </remarks>
public sealed class EventTable
{
    private readonly string[] _assetIds;
    private readonly int[] _assetOffsets;
    private readonly long[] _times;
    private readonly int[] _categoryCodes;
    private readonly string[] _categories;
    private readonly Dictionary<string, int> _assetCodes;
    private readonly Dictionary<string, int> _categoryIndex;

    private EventTable(TimeKind timeKind, string[] assetIds, int[] assetOffsets, long[] times, int[] categoryCodes, string[] categories)
    {
        TimeKind = timeKind;
        _assetIds = assetIds;
        _assetOffsets = assetOffsets;
        _times = times;
        _categoryCodes = categoryCodes;
        _categories = categories;
        _assetCodes = NameLists.Positions(assetIds);
        _categoryIndex = NameLists.Positions(categories);
        AssetIds = new ReadOnlyCollection<string>(_assetIds);
        Categories = new ReadOnlyCollection<string>(_categories);
    }

    /// <summary>What the times count: microseconds since the Unix epoch or cycles; it must match the tables joined with.</summary>
    public TimeKind TimeKind { get; }

    /// <summary>Number of events.</summary>
    public int Count => _times.Length;

    /// <summary>The assets that have events, indexed by asset code, in <see cref="AssetIdComparer"/> order.</summary>
    public IReadOnlyList<string> AssetIds { get; }

    /// <summary>Event offsets of the assets: the events of asset code <c>a</c> are <c>[AssetOffsets[a], AssetOffsets[a + 1])</c>.</summary>
    public ReadOnlySpan<int> AssetOffsets => _assetOffsets;

    /// <summary>The time of every event, non-decreasing within an asset.</summary>
    public ReadOnlySpan<long> Times => _times;

    /// <summary>The category code of every event, an index into <see cref="Categories"/>.</summary>
    public ReadOnlySpan<int> CategoryCodes => _categoryCodes;

    /// <summary>The category names, indexed by code, in <see cref="AssetIdComparer"/> order.</summary>
    public IReadOnlyList<string> Categories { get; }

    /// <summary>Sorts events given in table time.</summary>
    /// <param name="timeKind">What the times count.</param>
    /// <param name="events">The events, in any order.</param>
    public static EventTable Create(TimeKind timeKind, IEnumerable<LoggedEvent> events)
    {
        ArgumentNullException.ThrowIfNull(events);
        if (!Enum.IsDefined(timeKind))
        {
            throw new ArgumentOutOfRangeException(nameof(timeKind), timeKind, "Unknown time kind.");
        }

        var builder = new Builder();
        foreach (LoggedEvent e in events)
        {
            ArgumentException.ThrowIfNullOrEmpty(e.AssetId, nameof(events));
            ArgumentException.ThrowIfNullOrEmpty(e.Category, nameof(events));
            builder.Add(e.AssetId, e.Time, e.Category);
        }

        return builder.Build(timeKind);
    }

    /// <summary>Sorts a maintenance log; the category is the component. Times become microseconds since the Unix epoch.</summary>
    /// <param name="events">The maintenance records, in any order.</param>
    /// <param name="kinds">The kinds of maintenance to keep; every kind when none are given.</param>
    public static EventTable FromMaintenance(IEnumerable<MaintenanceEvent> events, params ReadOnlySpan<MaintenanceKind> kinds)
    {
        ArgumentNullException.ThrowIfNull(events);
        int keep = 0;
        foreach (MaintenanceKind kind in kinds)
        {
            if (!Enum.IsDefined(kind))
            {
                throw new ArgumentOutOfRangeException(nameof(kinds), kind, "Unknown maintenance kind.");
            }

            keep |= 1 << (int)kind;
        }

        return FromRecords(events.Where(e => keep == 0 || (keep & (1 << (int)e.Kind)) != 0), static e => (e.AssetId, e.Time, e.Component));
    }

    /// <summary>Sorts a failure log; the category is the failed component. Times become microseconds since the Unix epoch.</summary>
    /// <param name="events">The failure records, in any order.</param>
    public static EventTable FromFailures(IEnumerable<FailureEvent> events)
    {
        ArgumentNullException.ThrowIfNull(events);
        return FromRecords(events, static e => (e.AssetId, e.Time, e.Component));
    }

    /// <summary>Sorts an error log; the category is the error code. Times become microseconds since the Unix epoch.</summary>
    /// <param name="events">The error records, in any order.</param>
    public static EventTable FromErrors(IEnumerable<ErrorEvent> events)
    {
        ArgumentNullException.ThrowIfNull(events);
        return FromRecords(events, static e => (e.AssetId, e.Time, e.ErrorCode));
    }

    /// <summary>Sorts domain records, whose times are UTC <see cref="DateTime"/>s, into a timestamp event table.</summary>
    private static EventTable FromRecords<T>(IEnumerable<T> records, Func<T, (string AssetId, DateTime Time, string Category)> fields)
    {
        var builder = new Builder();
        foreach (T record in records)
        {
            (string assetId, DateTime time, string category) = fields(record);
            builder.Add(assetId, UnixTime.ToMicroseconds(time), category);
        }

        return builder.Build(TimeKind.UtcTimestamp);
    }

    /// <summary>Returns an event table without events.</summary>
    /// <param name="timeKind">What the times would count.</param>
    public static EventTable Empty(TimeKind timeKind) => new Builder().Build(timeKind);

    /// <summary>Looks up the code of an asset.</summary>
    /// <param name="assetId">The asset id (ordinal comparison).</param>
    /// <param name="assetCode">The code, or -1 when the table has no event of the asset.</param>
    /// <returns>Whether the asset has events.</returns>
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

    /// <summary>Returns the code of a category, or -1 when no event has it.</summary>
    /// <param name="category">The category name (ordinal comparison).</param>
    public int IndexOfCategory(string category)
    {
        ArgumentNullException.ThrowIfNull(category);
        return _categoryIndex.TryGetValue(category, out int code) ? code : -1;
    }

    /// <summary>Returns the events of one asset as a range of event indices.</summary>
    /// <param name="assetCode">Asset code, an index into <see cref="AssetIds"/>.</param>
    public Range GetAssetEvents(int assetCode)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(assetCode);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(assetCode, _assetIds.Length);
        return new Range(_assetOffsets[assetCode], _assetOffsets[assetCode + 1]);
    }

    /// <summary>
    /// Returns the events strictly before <paramref name="time"/>: the log as it was known at that time. The categories
    /// stay the same, so codes agree with this table's.
    /// </summary>
    /// <param name="time">The cut-off, in table time.</param>
    public EventTable Before(long time)
    {
        int[] offsets = new int[_assetOffsets.Length];
        var keep = new List<int>(_times.Length);
        for (int a = 0; a < _assetIds.Length; a++)
        {
            for (int e = _assetOffsets[a]; e < _assetOffsets[a + 1] && _times[e] < time; e++)
            {
                keep.Add(e);
            }

            offsets[a + 1] = keep.Count;
        }

        return new EventTable(
            TimeKind, _assetIds, offsets, [.. keep.Select(e => _times[e])], [.. keep.Select(e => _categoryCodes[e])], _categories);
    }

    /// <summary>
    /// Returns one event per distinct (asset, time), in the category of the first: a visit at which several components
    /// were serviced becomes one event. Used to count services rather than serviced components.
    /// </summary>
    public EventTable DistinctTimes()
    {
        int[] offsets = new int[_assetOffsets.Length];
        var keep = new List<int>(_times.Length);
        for (int a = 0; a < _assetIds.Length; a++)
        {
            for (int e = _assetOffsets[a]; e < _assetOffsets[a + 1]; e++)
            {
                if (e == _assetOffsets[a] || _times[e] != _times[e - 1])
                {
                    keep.Add(e);
                }
            }

            offsets[a + 1] = keep.Count;
        }

        return new EventTable(
            TimeKind, _assetIds, offsets, [.. keep.Select(e => _times[e])], [.. keep.Select(e => _categoryCodes[e])], _categories);
    }

    /// <summary>
    /// Maps the asset codes of <paramref name="table"/> to this table's: element <c>a</c> is the event-table code of the
    /// table's asset <c>a</c>, or -1 when it has no events. Checks that the time kinds agree.
    /// </summary>
    internal int[] AlignWith(TelemetryTable table, string what)
    {
        if (table.Schema.TimeKind != TimeKind)
        {
            throw new SchemaException(
                $"The {what} log counts time as {TimeKind}, but the telemetry table's time column '{table.Schema.TimeColumn}' is {table.Schema.TimeKind}.");
        }

        int[] codes = new int[table.AssetCount];
        for (int a = 0; a < codes.Length; a++)
        {
            codes[a] = _assetCodes.TryGetValue(table.AssetIds[a], out int code) ? code : -1;
        }

        return codes;
    }

    /// <summary>Collects events with provisional codes in order of first appearance, then sorts them once.</summary>
    private sealed class Builder
    {
        private readonly Dictionary<string, int> _assets = new(StringComparer.Ordinal);
        private readonly Dictionary<string, int> _categories = new(StringComparer.Ordinal);
        private readonly List<int> _assetOf = [];
        private readonly List<long> _times = [];
        private readonly List<int> _categoryOf = [];

        public void Add(string assetId, long time, string category)
        {
            _assetOf.Add(Code(_assets, assetId));
            _times.Add(time);
            _categoryOf.Add(Code(_categories, category));
        }

        public EventTable Build(TimeKind timeKind)
        {
            (string[] assetIds, int[] assetRank) = Rank(_assets);
            (string[] categories, int[] categoryRank) = Rank(_categories);
            int n = _times.Count;
            int[] order = new int[n];
            int[] assetOf = new int[n];
            int[] categoryOf = new int[n];
            for (int i = 0; i < n; i++)
            {
                order[i] = i;
                assetOf[i] = assetRank[_assetOf[i]];
                categoryOf[i] = categoryRank[_categoryOf[i]];
            }

            long[] times = [.. _times];

            // Insertion order breaks the remaining ties, so the sort is stable and the result deterministic.
            Array.Sort(order, (x, y) =>
            {
                int c = assetOf[x].CompareTo(assetOf[y]);
                c = c != 0 ? c : times[x].CompareTo(times[y]);
                c = c != 0 ? c : categoryOf[x].CompareTo(categoryOf[y]);
                return c != 0 ? c : x.CompareTo(y);
            });

            int[] offsets = new int[assetIds.Length + 1];
            long[] sortedTimes = new long[n];
            int[] sortedCategories = new int[n];
            for (int k = 0; k < n; k++)
            {
                int i = order[k];
                offsets[assetOf[i] + 1]++;
                sortedTimes[k] = times[i];
                sortedCategories[k] = categoryOf[i];
            }

            for (int a = 0; a < assetIds.Length; a++)
            {
                offsets[a + 1] += offsets[a];
            }

            return new EventTable(timeKind, assetIds, offsets, sortedTimes, sortedCategories, categories);
        }

        private static int Code(Dictionary<string, int> codes, string name)
        {
            if (!codes.TryGetValue(name, out int code))
            {
                code = codes.Count;
                codes.Add(name, code);
            }

            return code;
        }

        /// <summary>Returns the names in <see cref="AssetIdComparer"/> order and, per provisional code, its rank.</summary>
        private static (string[] Names, int[] RankOf) Rank(Dictionary<string, int> codes)
        {
            string[] names = [.. codes.Keys];
            Array.Sort(names, AssetIdComparer.Instance);
            int[] rankOf = new int[names.Length];
            for (int rank = 0; rank < names.Length; rank++)
            {
                rankOf[codes[names[rank]]] = rank;
            }

            return (names, rankOf);
        }
    }
}
