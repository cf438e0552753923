namespace PredictiveMaintenance.Joins;

/// <summary>
/// As-of joins of an event log onto the rows of a telemetry table, per asset: for each row, the event that is the
/// latest one in the row's past (backward) or the earliest one in its future (forward).
/// </summary>
/// <remarks>
/// An event stamped <c>e</c> is in the past of a row at <c>t</c> when <c>e &lt; t</c>, and in its future when
/// <c>e &gt;= t</c> (docs/joins.md, "Time semantics"): an event stamped with the row's own time is not yet known at the
/// row, which is what keeps features built from backward joins free of the labels built from forward joins. A tolerance
/// <c>T</c> keeps only matches in <c>[t - T, t)</c> backward and <c>[t, t + T)</c> forward. Each join is one
/// merge-style pass over the rows and the asset's events, <c>O(rows + events)</c>.
/// </remarks>
public static class AsOfJoin
{
    /// <summary>
    /// Returns, for each row of <paramref name="table"/>, the index (into the columns of <paramref name="events"/>) of
    /// the last event of the row's asset strictly before the row's time, or -1 when there is none within the tolerance.
    /// </summary>
    /// <param name="table">The telemetry table.</param>
    /// <param name="events">The event log, in the same time kind as the table.</param>
    /// <param name="category">Only events of this category; every event when null. A category the log lacks matches nothing.</param>
    /// <param name="tolerance">How far back a match may be; unlimited when null.</param>
    /// <exception cref="SchemaException">The time kinds of the table and the log, or of the tolerance, differ.</exception>
    public static int[] Backward(TelemetryTable table, EventTable events, string? category = null, Duration? tolerance = null)
    {
        ArgumentNullException.ThrowIfNull(table);
        ArgumentNullException.ThrowIfNull(events);
        int[] assetMap = events.AlignWith(table, "event");
        long limit = tolerance?.In(table.Schema.TimeKind, "tolerance") ?? long.MaxValue;
        int[] matches = new int[table.RowCount];
        Sweeps.LastBefore(table, events, assetMap, Sweeps.Select(events, category), limit, matches);
        return matches;
    }

    /// <summary>
    /// Returns, for each row of <paramref name="table"/>, the index (into the columns of <paramref name="events"/>) of
    /// the first event of the row's asset at or after the row's time, or -1 when there is none within the tolerance.
    /// </summary>
    /// <param name="table">The telemetry table.</param>
    /// <param name="events">The event log, in the same time kind as the table.</param>
    /// <param name="category">Only events of this category; every event when null. A category the log lacks matches nothing.</param>
    /// <param name="tolerance">How far ahead a match may be (exclusive); unlimited when null.</param>
    /// <exception cref="SchemaException">The time kinds of the table and the log, or of the tolerance, differ.</exception>
    public static int[] Forward(TelemetryTable table, EventTable events, string? category = null, Duration? tolerance = null)
    {
        ArgumentNullException.ThrowIfNull(table);
        ArgumentNullException.ThrowIfNull(events);
        int[] assetMap = events.AlignWith(table, "event");
        long limit = tolerance?.In(table.Schema.TimeKind, "tolerance") ?? long.MaxValue;
        int[] matches = new int[table.RowCount];
        Sweeps.FirstFrom(table, events, assetMap, Sweeps.Select(events, category), limit, matches);
        return matches;
    }
}
