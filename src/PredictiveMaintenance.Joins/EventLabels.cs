namespace PredictiveMaintenance.Joins;

/// <summary>
/// Labels of each row of a telemetry table from an event log's future: whether an event occurs within a horizon, which
/// one comes first, and the time until the next one, with right censoring. Each is one merge-style pass per asset.
/// </summary>
/// <remarks>
/// The future of a row at time <c>t</c> is the events stamped at or after <c>t</c>; a horizon <c>H</c> is the window
/// <c>[t, t + H)</c> (docs/joins.md, "Time semantics"). On an hourly table, a failure at <c>f</c> labels the 24 rows
/// <c>f - 23h .. f</c> with a 24-hour horizon, the hours the Azure modelling guide labels. Times are in hours for
/// timestamp tables and in cycles for cycle tables.
/// </remarks>
public static class EventLabels
{
    /// <summary>Returns, for each row, 1 when an event of the row's asset falls in <c>[t, t + horizon)</c> and 0 otherwise.</summary>
    /// <param name="table">The telemetry table.</param>
    /// <param name="events">The event log, in the same time kind as the table.</param>
    /// <param name="horizon">How far ahead to look.</param>
    /// <param name="category">Only events of this category; every event when null.</param>
    /// <exception cref="SchemaException">The time kinds of the table, the log or the horizon differ.</exception>
    public static double[] OccursWithin(TelemetryTable table, EventTable events, Duration horizon, string? category = null)
    {
        ArgumentNullException.ThrowIfNull(table);
        ArgumentNullException.ThrowIfNull(events);
        int[] assetMap = events.AlignWith(table, "event");
        long length = horizon.In(table.Schema.TimeKind, "horizon");
        double[] labels = new double[table.RowCount];
        Sweeps.OccursWithin(table, events, assetMap, Sweeps.Select(events, category), length, labels, [], null);
        return labels;
    }

    /// <summary>
    /// Returns, for each row, the class of the first event of the row's asset in <c>[t, t + horizon)</c>: the 1-based
    /// position of its category in <paramref name="categories"/>, or 0 when none of those categories occurs. Events at
    /// the same time go to the category that comes first in <see cref="EventTable.Categories"/>.
    /// </summary>
    /// <param name="table">The telemetry table.</param>
    /// <param name="events">The event log, in the same time kind as the table.</param>
    /// <param name="horizon">How far ahead to look.</param>
    /// <param name="categories">The classes; events of other categories are ignored.</param>
    /// <exception cref="SchemaException">The time kinds of the table, the log or the horizon differ.</exception>
    public static double[] FirstWithin(TelemetryTable table, EventTable events, Duration horizon, IReadOnlyList<string> categories)
    {
        ArgumentNullException.ThrowIfNull(table);
        ArgumentNullException.ThrowIfNull(events);
        ArgumentNullException.ThrowIfNull(categories);
        int[] assetMap = events.AlignWith(table, "event");
        long length = horizon.In(table.Schema.TimeKind, "horizon");
        double[] classes = new double[table.RowCount];
        Sweeps.OccursWithin(table, events, assetMap, Sweeps.ColumnsOf(events, categories), length, null, [], classes);
        return classes;
    }

    /// <summary>
    /// Returns, for each row, the time until the first event of the row's asset at or after the row's time (0 for an
    /// event at the row's own time): hours for timestamp tables, cycles for cycle tables, optionally capped
    /// (the piecewise-linear target of C-MAPSS, capped at 125 cycles).
    /// </summary>
    /// <remarks>
    /// A row with no later event is right censored: its value is NaN, never a guess. With a cap, a row whose asset
    /// still has a row at least the cap later (and no event in between) has the capped value, since that much is known.
    /// </remarks>
    /// <param name="table">The telemetry table.</param>
    /// <param name="events">The event log, in the same time kind as the table.</param>
    /// <param name="censoredRows">The number of censored rows (the NaN values).</param>
    /// <param name="category">Only events of this category; every event when null.</param>
    /// <param name="cap">The largest value, as a duration; none when null.</param>
    /// <exception cref="SchemaException">The time kinds of the table, the log or the cap differ.</exception>
    public static double[] TimeUntil(TelemetryTable table, EventTable events, out int censoredRows, string? category = null, Duration? cap = null)
    {
        ArgumentNullException.ThrowIfNull(table);
        ArgumentNullException.ThrowIfNull(events);
        int[] assetMap = events.AlignWith(table, "event");
        long limit = cap?.In(table.Schema.TimeKind, "cap") ?? long.MaxValue;
        double[] values = new double[table.RowCount];
        censoredRows = Sweeps.TimeUntil(table, events, assetMap, Sweeps.Select(events, category), Sweeps.UnitOf(table.Schema.TimeKind), limit, values, null);
        return values;
    }
}
