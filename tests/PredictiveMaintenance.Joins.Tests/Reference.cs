namespace PredictiveMaintenance.Joins.Tests;

/// <summary>
/// Obviously-correct definitions of the joins and labels: for each row, a scan over every event of the log, straight
/// from the semantics in docs/joins.md (past: e &lt; t, window [t - W, t); future: e &gt;= t, horizon [t, t + H)).
/// Quadratic, for small inputs only.
/// </summary>
internal static class Reference
{
    public static double Unit(TelemetryTable table) => table.Schema.TimeKind == TimeKind.UtcTimestamp ? UnixTime.MicrosecondsPerHour : 1;

    public static IEnumerable<(string Asset, long Time)> Rows(TelemetryTable table) =>
        Enumerable.Range(0, table.RowCount).Select(r => (table.AssetIds[table.GetAssetCodeOfRow(r)], table.Times[r]));

    /// <summary>The events of an asset, of the given categories (all when null or empty).</summary>
    public static IEnumerable<LoggedEvent> Of(IEnumerable<LoggedEvent> events, string asset, IReadOnlyCollection<string>? categories) =>
        events.Where(e => e.AssetId == asset && (categories is null || categories.Count == 0 || categories.Contains(e.Category)));

    public static double[] TimeSince(TelemetryTable table, IReadOnlyList<LoggedEvent> events, params string[]? categories) =>
        [.. Rows(table).Select(row => Of(events, row.Asset, categories).Where(e => e.Time < row.Time).Select(e => (double?)(row.Time - e.Time)).Min() is { } gap
            ? gap / Unit(table)
            : double.NaN)];

    public static double[] CountInWindow(TelemetryTable table, IReadOnlyList<LoggedEvent> events, long window, params string[]? categories) =>
        [.. Rows(table).Select(row => (double)Of(events, row.Asset, categories).Count(e => e.Time >= row.Time - window && e.Time < row.Time))];

    /// <summary>Distinct event times (visits) in the window.</summary>
    public static double[] VisitsInWindow(TelemetryTable table, IReadOnlyList<LoggedEvent> events, long window) =>
        [.. Rows(table).Select(row => (double)Of(events, row.Asset, null).Where(e => e.Time >= row.Time - window && e.Time < row.Time).Select(e => e.Time).Distinct().Count())];

    public static double[] OccursWithin(TelemetryTable table, IReadOnlyList<LoggedEvent> events, long horizon, params string[]? categories) =>
        [.. Rows(table).Select(row => Of(events, row.Asset, categories).Any(e => e.Time >= row.Time && e.Time < row.Time + horizon) ? 1.0 : 0.0)];

    public static double[] FirstWithin(TelemetryTable table, IReadOnlyList<LoggedEvent> events, long horizon, IReadOnlyList<string> classes) =>
        [.. Rows(table).Select(row => Of(events, row.Asset, [.. classes])
            .Where(e => e.Time >= row.Time && e.Time < row.Time + horizon)
            .OrderBy(e => e.Time).ThenBy(e => e.Category, AssetIdComparer.Instance)
            .Select(e => (double)(classes.ToList().IndexOf(e.Category) + 1))
            .FirstOrDefault())];

    /// <summary>Time to the next event; with a cap, a row with none gets the cap when the asset's last row is at least the cap later.</summary>
    public static double[] TimeUntil(TelemetryTable table, IReadOnlyList<LoggedEvent> events, long? cap, params string[]? categories) =>
        [.. Rows(table).Select(row =>
        {
            long last = table.GetTimes(table.AssetIds.ToList().IndexOf(row.Asset))[^1];
            long? next = Of(events, row.Asset, categories).Where(e => e.Time >= row.Time).Select(e => (long?)e.Time).Min();
            return next is { } n ? Math.Min(n - row.Time, cap ?? long.MaxValue) / Unit(table)
                : cap is { } c && last - row.Time >= c ? c / Unit(table)
                : double.NaN;
        })];

    /// <summary>(time, category) of the latest event before each row within the tolerance, the greatest category among equal times.</summary>
    public static (long, string)?[] Backward(TelemetryTable table, IReadOnlyList<LoggedEvent> events, long tolerance, params string[]? categories) =>
        [.. Rows(table).Select(row => Of(events, row.Asset, categories)
            .Where(e => e.Time < row.Time && row.Time - e.Time <= tolerance)
            .OrderByDescending(e => e.Time).ThenByDescending(e => e.Category, AssetIdComparer.Instance)
            .Select(e => ((long, string)?)(e.Time, e.Category)).FirstOrDefault())];

    /// <summary>(time, category) of the earliest event at or after each row within the tolerance, the least category among equal times.</summary>
    public static (long, string)?[] Forward(TelemetryTable table, IReadOnlyList<LoggedEvent> events, long tolerance, params string[]? categories) =>
        [.. Rows(table).Select(row => Of(events, row.Asset, categories)
            .Where(e => e.Time >= row.Time && e.Time - row.Time < tolerance)
            .OrderBy(e => e.Time).ThenBy(e => e.Category, AssetIdComparer.Instance)
            .Select(e => ((long, string)?)(e.Time, e.Category)).FirstOrDefault())];
}
