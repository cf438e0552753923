using System.Diagnostics;

namespace PredictiveMaintenance.Joins;

/// <summary>
/// The merge-style kernels under every join and label: per asset, one pass over the table's rows with pointers into the
/// asset's events that only move forward, so each costs <c>O(rows + events)</c> and writes every output row once.
/// </summary>
/// <remarks>
/// <para>
/// Time semantics (docs/joins.md, "Time semantics"): an event stamped <c>e</c> is in the past of a row at <c>t</c> when
/// <c>e &lt; t</c> and in its future when <c>e &gt;= t</c>, so every event is on exactly one side of every row.
/// Past windows of length <c>W</c> are <c>[t - W, t)</c>; future windows of length <c>H</c> are <c>[t, t + H)</c>.
/// </para>
/// <para>
/// <c>columnOf</c> maps an event category code to an output column, or -1 for a category the caller does not want;
/// a kernel then ignores those events entirely. <c>assetMap</c> maps table asset codes to event-table asset codes.
/// </para>
/// </remarks>
internal static class Sweeps
{
    /// <summary>No event seen yet; compared before any subtraction, so it cannot overflow.</summary>
    private const long None = long.MinValue;

    /// <summary>Table time per output unit: hours for timestamp tables, cycles for cycle tables.</summary>
    public static double UnitOf(TimeKind timeKind) => timeKind == TimeKind.UtcTimestamp ? UnixTime.MicrosecondsPerHour : 1;

    /// <summary>The word for <see cref="UnitOf"/> in column names.</summary>
    public static string UnitName(TimeKind timeKind) => timeKind == TimeKind.UtcTimestamp ? "hours" : "cycles";

    /// <summary>Every category to column 0: one output over all events.</summary>
    public static int[] AllTo(int categoryCount, int column) => Enumerable.Repeat(column, categoryCount).ToArray();

    /// <summary>One category to column 0 and the rest ignored; all categories when <paramref name="category"/> is null.</summary>
    public static int[] Select(EventTable events, string? category)
    {
        if (category is null)
        {
            return AllTo(events.Categories.Count, 0);
        }

        int[] columnOf = AllTo(events.Categories.Count, -1);
        int code = events.IndexOfCategory(category);
        if (code >= 0)
        {
            columnOf[code] = 0;
        }

        return columnOf;
    }

    /// <summary>Maps event category codes to their positions in <paramref name="vocabulary"/>, -1 for the others.</summary>
    public static int[] ColumnsOf(EventTable events, IReadOnlyList<string> vocabulary)
    {
        int[] columnOf = AllTo(events.Categories.Count, -1);
        for (int column = 0; column < vocabulary.Count; column++)
        {
            int code = events.IndexOfCategory(vocabulary[column]);
            if (code >= 0)
            {
                columnOf[code] = column;
            }
        }

        return columnOf;
    }

    /// <summary>
    /// Backward as-of: per row, the index of the last wanted event strictly before the row's time and at or after
    /// <c>t - tolerance</c>, or -1. Returns the number of rows matched.
    /// </summary>
    public static int LastBefore(TelemetryTable table, EventTable events, int[] assetMap, int[] columnOf, long tolerance, Span<int> destination)
    {
        ReadOnlySpan<long> rowTimes = table.Times;
        ReadOnlySpan<int> rowOffsets = table.AssetOffsets;
        ReadOnlySpan<long> times = events.Times;
        ReadOnlySpan<int> categories = events.CategoryCodes;
        int matched = 0;
        for (int a = 0; a < assetMap.Length; a++)
        {
            (int j, int end) = EventsOf(events, assetMap[a]);
            int last = -1;
            for (int r = rowOffsets[a]; r < rowOffsets[a + 1]; r++)
            {
                long t = rowTimes[r];
                for (; j < end && times[j] < t; j++)
                {
                    if (columnOf[categories[j]] >= 0)
                    {
                        last = j;
                    }
                }

                bool hit = last >= 0 && t - times[last] <= tolerance;
                destination[r] = hit ? last : -1;
                matched += hit ? 1 : 0;
            }
        }

        return matched;
    }

    /// <summary>
    /// Forward as-of: per row, the index of the first wanted event at or after the row's time and before
    /// <c>t + tolerance</c>, or -1. Returns the number of rows matched.
    /// </summary>
    public static int FirstFrom(TelemetryTable table, EventTable events, int[] assetMap, int[] columnOf, long tolerance, Span<int> destination)
    {
        ReadOnlySpan<long> rowTimes = table.Times;
        ReadOnlySpan<int> rowOffsets = table.AssetOffsets;
        ReadOnlySpan<long> times = events.Times;
        ReadOnlySpan<int> categories = events.CategoryCodes;
        int matched = 0;
        for (int a = 0; a < assetMap.Length; a++)
        {
            (int j, int end) = EventsOf(events, assetMap[a]);
            for (int r = rowOffsets[a]; r < rowOffsets[a + 1]; r++)
            {
                long t = rowTimes[r];
                while (j < end && (times[j] < t || columnOf[categories[j]] < 0))
                {
                    j++;
                }

                bool hit = j < end && times[j] - t < tolerance;
                destination[r] = hit ? j : -1;
                matched += hit ? 1 : 0;
            }
        }

        return matched;
    }

    /// <summary>
    /// Time since the last event of each output column's categories strictly before the row's time, in
    /// <paramref name="unit"/>s; NaN before the asset's first such event.
    /// </summary>
    public static void TimeSince(TelemetryTable table, EventTable events, int[] assetMap, int[] columnOf, double unit, double[][] outputs)
    {
        ReadOnlySpan<long> rowTimes = table.Times;
        ReadOnlySpan<int> rowOffsets = table.AssetOffsets;
        ReadOnlySpan<long> times = events.Times;
        ReadOnlySpan<int> categories = events.CategoryCodes;
        Span<long> last = outputs.Length <= 64 ? stackalloc long[outputs.Length] : new long[outputs.Length];
        for (int a = 0; a < assetMap.Length; a++)
        {
            (int j, int end) = EventsOf(events, assetMap[a]);
            last.Fill(None);
            for (int r = rowOffsets[a]; r < rowOffsets[a + 1]; r++)
            {
                long t = rowTimes[r];
                for (; j < end && times[j] < t; j++)
                {
                    int column = columnOf[categories[j]];
                    if (column >= 0)
                    {
                        last[column] = times[j];
                    }
                }

                for (int c = 0; c < outputs.Length; c++)
                {
                    outputs[c][r] = last[c] == None ? double.NaN : (t - last[c]) / unit;
                }
            }
        }
    }

    /// <summary>
    /// Counts of events per output column in each trailing window <c>[t - window, t)</c>. Output
    /// <c>w * columns + c</c> holds window <c>w</c>, column <c>c</c>.
    /// </summary>
    public static void CountInWindows(TelemetryTable table, EventTable events, int[] assetMap, int[] columnOf, int columns, long[] windows, double[][] outputs)
    {
        Debug.Assert(outputs.Length == windows.Length * columns, "One output per window and column.");
        ReadOnlySpan<long> rowTimes = table.Times;
        ReadOnlySpan<int> rowOffsets = table.AssetOffsets;
        ReadOnlySpan<long> times = events.Times;
        ReadOnlySpan<int> categories = events.CategoryCodes;
        int[] counts = new int[outputs.Length];
        int[] leave = new int[windows.Length];
        for (int a = 0; a < assetMap.Length; a++)
        {
            (int enter, int end) = EventsOf(events, assetMap[a]);
            Array.Clear(counts);
            leave.AsSpan().Fill(enter);
            for (int r = rowOffsets[a]; r < rowOffsets[a + 1]; r++)
            {
                long t = rowTimes[r];
                for (; enter < end && times[enter] < t; enter++)
                {
                    int column = columnOf[categories[enter]];
                    if (column >= 0)
                    {
                        for (int w = 0; w < windows.Length; w++)
                        {
                            counts[(w * columns) + column]++;
                        }
                    }
                }

                for (int w = 0; w < windows.Length; w++)
                {
                    // Every event before t - window is before t, so it entered before it leaves.
                    long from = t - windows[w];
                    int first = w * columns;
                    int k = leave[w];
                    for (; k < enter && times[k] < from; k++)
                    {
                        int column = columnOf[categories[k]];
                        if (column >= 0)
                        {
                            counts[first + column]--;
                        }
                    }

                    leave[w] = k;

                    for (int c = 0; c < columns; c++)
                    {
                        outputs[first + c][r] = counts[first + c];
                    }
                }
            }
        }
    }

    /// <summary>
    /// Whether a wanted event falls in <c>[t, t + horizon)</c>: overall (1 or 0) into <paramref name="any"/>, per
    /// output column into <paramref name="perColumn"/>, and the 1-based column of the first such event (0 for none;
    /// ties in time go to the lowest category code) into <paramref name="firstColumn"/>. Each output may be null.
    /// Returns the number of rows with an event.
    /// </summary>
    public static int OccursWithin(
        TelemetryTable table, EventTable events, int[] assetMap, int[] columnOf, long horizon, double[]? any, double[][] perColumn, double[]? firstColumn)
    {
        ReadOnlySpan<long> rowTimes = table.Times;
        ReadOnlySpan<int> rowOffsets = table.AssetOffsets;
        ReadOnlySpan<long> times = events.Times;
        ReadOnlySpan<int> categories = events.CategoryCodes;
        int[] counts = new int[perColumn.Length];
        int positives = 0;
        for (int a = 0; a < assetMap.Length; a++)
        {
            (int start, int stop) = EventsOf(events, assetMap[a]);
            int end = start;
            int total = 0;
            Array.Clear(counts);
            for (int r = rowOffsets[a]; r < rowOffsets[a + 1]; r++)
            {
                long t = rowTimes[r];
                long until = t + horizon;
                for (; end < stop && times[end] < until; end++)
                {
                    int column = columnOf[categories[end]];
                    if (column >= 0)
                    {
                        total++;
                        if (column < counts.Length)
                        {
                            counts[column]++;
                        }
                    }
                }

                // Every event before t is before t + horizon, so it entered before it leaves.
                for (; start < end && times[start] < t; start++)
                {
                    int column = columnOf[categories[start]];
                    if (column >= 0)
                    {
                        total--;
                        if (column < counts.Length)
                        {
                            counts[column]--;
                        }
                    }
                }

                positives += total > 0 ? 1 : 0;
                if (any is not null)
                {
                    any[r] = total > 0 ? 1 : 0;
                }

                for (int c = 0; c < perColumn.Length; c++)
                {
                    perColumn[c][r] = counts[c] > 0 ? 1 : 0;
                }

                if (firstColumn is not null)
                {
                    int first = start;
                    while (total > 0 && columnOf[categories[first]] < 0)
                    {
                        first++;
                    }

                    firstColumn[r] = total > 0 ? columnOf[categories[first]] + 1 : 0;
                }
            }
        }

        return positives;
    }

    /// <summary>
    /// Time from each row to the first wanted event at or after it, in <paramref name="unit"/>s, capped at
    /// <paramref name="cap"/> (table time; <see cref="long.MaxValue"/> for none). A row with no such event is right
    /// censored: NaN, and 1 in <paramref name="censored"/> (null to skip), unless a cap is set and the asset's last row
    /// is at least <paramref name="cap"/> after it, which proves the capped value. Returns the number of censored rows.
    /// </summary>
    public static int TimeUntil(TelemetryTable table, EventTable events, int[] assetMap, int[] columnOf, double unit, long cap, double[] values, double[]? censored)
    {
        ReadOnlySpan<long> rowTimes = table.Times;
        ReadOnlySpan<int> rowOffsets = table.AssetOffsets;
        ReadOnlySpan<long> times = events.Times;
        ReadOnlySpan<int> categories = events.CategoryCodes;
        int censoredRows = 0;
        double capped = cap / unit;
        for (int a = 0; a < assetMap.Length; a++)
        {
            (int j, int end) = EventsOf(events, assetMap[a]);
            int rowEnd = rowOffsets[a + 1];
            long lastRow = rowTimes[rowEnd - 1];
            for (int r = rowOffsets[a]; r < rowEnd; r++)
            {
                long t = rowTimes[r];
                while (j < end && (times[j] < t || columnOf[categories[j]] < 0))
                {
                    j++;
                }

                bool isCensored = false;
                if (j < end)
                {
                    long until = times[j] - t;
                    values[r] = until < cap ? until / unit : capped;
                }
                else if (cap != long.MaxValue && lastRow - t >= cap)
                {
                    values[r] = capped;
                }
                else
                {
                    values[r] = double.NaN;
                    isCensored = true;
                    censoredRows++;
                }

                if (censored is not null)
                {
                    censored[r] = isCensored ? 1 : 0;
                }
            }
        }

        return censoredRows;
    }

    private static (int Start, int End) EventsOf(EventTable events, int assetCode) =>
        assetCode < 0 ? (0, 0) : (events.AssetOffsets[assetCode], events.AssetOffsets[assetCode + 1]);
}
