namespace PredictiveMaintenance.Joins;

/// <summary>
/// Features of an event log at each row of a telemetry table, from the row's past only: time since the last event and
/// event counts in trailing windows. Each is one merge-style pass per asset, <c>O(rows + events)</c>.
/// </summary>
/// <remarks>
/// The past of a row at time <c>t</c> is the events stamped before <c>t</c>; a trailing window of length <c>W</c> is
/// <c>[t - W, t)</c> (docs/joins.md, "Time semantics"). Times are in hours for timestamp tables and in cycles for cycle
/// tables.
/// </remarks>
public static class EventFeatures
{
    /// <summary>
    /// Returns, for each row, the time since the last event of the row's asset strictly before the row's time: hours
    /// for timestamp tables, cycles for cycle tables; NaN when the asset has no earlier event.
    /// </summary>
    /// <param name="table">The telemetry table.</param>
    /// <param name="events">The event log, in the same time kind as the table.</param>
    /// <param name="category">Only events of this category; every event when null.</param>
    /// <exception cref="SchemaException">The time kinds of the table and the log differ.</exception>
    public static double[] TimeSince(TelemetryTable table, EventTable events, string? category = null)
    {
        ArgumentNullException.ThrowIfNull(table);
        ArgumentNullException.ThrowIfNull(events);
        int[] assetMap = events.AlignWith(table, "event");
        double[] values = new double[table.RowCount];
        Sweeps.TimeSince(table, events, assetMap, Sweeps.Select(events, category), Sweeps.UnitOf(table.Schema.TimeKind), [values]);
        return values;
    }

    /// <summary>Returns, for each row, the number of events of the row's asset in the trailing window <c>[t - window, t)</c>.</summary>
    /// <param name="table">The telemetry table.</param>
    /// <param name="events">The event log, in the same time kind as the table.</param>
    /// <param name="window">The window length.</param>
    /// <param name="category">Only events of this category; every event when null.</param>
    /// <exception cref="SchemaException">The time kinds of the table, the log or the window differ.</exception>
    public static double[] CountInWindow(TelemetryTable table, EventTable events, Duration window, string? category = null)
    {
        ArgumentNullException.ThrowIfNull(table);
        ArgumentNullException.ThrowIfNull(events);
        int[] assetMap = events.AlignWith(table, "event");
        long length = window.In(table.Schema.TimeKind, "window");
        double[] counts = new double[table.RowCount];
        Sweeps.CountInWindows(table, events, assetMap, Sweeps.Select(events, category), 1, [length], [counts]);
        return counts;
    }
}
