namespace PredictiveMaintenance.Models;

/// <summary>Remaining-useful-life targets for run-to-failure data.</summary>
public static class RemainingLife
{
    /// <summary>
    /// The remaining life of every row of run-to-failure assets (each asset's last row is its failure): the time from the
    /// row to the asset's last row, capped at <paramref name="cap"/> (the piecewise-linear target of the C-MAPSS literature:
    /// early in life the degradation is not yet visible, so the target is flat).
    /// </summary>
    /// <param name="table">Run-to-failure telemetry.</param>
    /// <param name="cap">The cap, in the table's time unit (see <see cref="TimeUnitsBetween"/>); <see cref="double.PositiveInfinity"/> for none.</param>
    /// <returns>One value per row, in table order.</returns>
    public static double[] RunToFailure(TelemetryTable table, double cap)
    {
        ArgumentNullException.ThrowIfNull(table);
        if (!(cap > 0))
        {
            throw new ArgumentOutOfRangeException(nameof(cap), cap, "The cap must be positive.");
        }

        double[] target = new double[table.RowCount];
        ReadOnlySpan<long> times = table.Times;
        ReadOnlySpan<int> offsets = table.AssetOffsets;
        for (int asset = 0; asset < table.AssetCount; asset++)
        {
            long last = times[offsets[asset + 1] - 1];
            for (int row = offsets[asset]; row < offsets[asset + 1]; row++)
            {
                target[row] = Math.Min(cap, TimeUnitsBetween(table.Schema.TimeKind, times[row], last));
            }
        }

        return target;
    }

    /// <summary>The time from one timestamp to another in the unit targets use: cycles for <see cref="TimeKind.Cycle"/>, hours for <see cref="TimeKind.UtcTimestamp"/>.</summary>
    /// <param name="kind">The table's time kind.</param>
    /// <param name="from">The earlier time.</param>
    /// <param name="to">The later time.</param>
    public static double TimeUnitsBetween(TimeKind kind, long from, long to) =>
        kind == TimeKind.UtcTimestamp ? (to - from) / (double)UnixTime.MicrosecondsPerHour : to - from;
}
