namespace PredictiveMaintenance;

/// <summary>
/// Builds <see cref="TelemetryTable"/>s over caller-owned arrays without the defensive copy of the safe API, for
/// operators that produce many full-length columns (training sets, feature tables), in the spirit of
/// <see cref="System.Runtime.InteropServices.CollectionsMarshal"/>.
/// </summary>
/// <remarks>
/// A table is immutable only as long as nobody writes to the arrays it holds: after handing an array to these methods,
/// the caller must neither change it nor give it to anyone who might.
/// </remarks>
public static class TelemetryTableMarshal
{
    /// <summary>
    /// Returns a table with the rows of <paramref name="table"/> (the same assets and times) and the given channels, as
    /// <see cref="TelemetryTable.WithChannels(TelemetrySchema, IReadOnlyList{double[]})"/> does, but holding the arrays of
    /// <paramref name="columns"/> themselves rather than copies.
    /// </summary>
    /// <param name="table">The table whose rows the result has.</param>
    /// <param name="schema">The new schema: the same asset column, time column and time kind as the table's.</param>
    /// <param name="columns">One column per channel of <paramref name="schema"/>, each with <see cref="TelemetryTable.RowCount"/> values; owned by the result from now on.</param>
    /// <exception cref="SchemaException">The asset column, time column or time kind differ.</exception>
    /// <exception cref="ArgumentException">The number or length of the columns is wrong.</exception>
    public static TelemetryTable WithOwnedChannels(TelemetryTable table, TelemetrySchema schema, IReadOnlyList<double[]> columns)
    {
        ArgumentNullException.ThrowIfNull(table);
        return table.WithChannels(schema, columns, copy: false);
    }
}
