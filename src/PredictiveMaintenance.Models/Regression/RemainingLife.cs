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

    /// <summary>
    /// The training target of a time-until-service model: a <see cref="ChannelRole.Label"/> channel holding each row's
    /// time until service (from the joins layer), capped; or, with no label channel, <see cref="RunToFailure"/>.
    /// </summary>
    /// <param name="table">The training table.</param>
    /// <param name="labelChannel">The label channel, or null for run-to-failure assets.</param>
    /// <param name="cap">The cap; <see cref="double.PositiveInfinity"/> for none.</param>
    /// <returns>One value per row, in table order; NaN where the label is missing.</returns>
    /// <exception cref="SchemaException">The table has no channel <paramref name="labelChannel"/>.</exception>
    public static double[] Targets(TelemetryTable table, string? labelChannel, double cap)
    {
        ArgumentNullException.ThrowIfNull(table);
        if (labelChannel is null)
        {
            return RunToFailure(table, cap);
        }

        if (table.Schema.IndexOf(labelChannel) < 0)
        {
            throw new SchemaException($"The training table has no label channel '{labelChannel}'; its channels are {string.Join(", ", table.Schema.Channels.Select(c => c.Name))}.");
        }

        ReadOnlySpan<double> labels = table.GetChannel(labelChannel);
        double[] target = new double[labels.Length];
        for (int i = 0; i < labels.Length; i++)
        {
            target[i] = Math.Min(cap, labels[i]);
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
