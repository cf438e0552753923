using Microsoft.ML;
using Microsoft.ML.Data;

namespace PredictiveMaintenance.IO;

/// <summary>
/// An ML.NET <see cref="IDataView"/> over a telemetry table's own arrays: cursors read the table's spans row by row and
/// copy nothing. Columns: the asset as text, the time as <see cref="DateTime"/> (UTC) or <see cref="long"/> cycles, and
/// each channel as <see cref="double"/> with NaN for a missing reading, as ML.NET marks missing values.
/// </summary>
/// <remarks>
/// The row count is known; shuffling is supported (a cursor given a <see cref="Random"/> visits a permutation of the
/// rows drawn from it), and cursor sets split the rows into contiguous ranges, one batch per cursor. The table is
/// immutable, so the view and its cursors may be used from several threads.
/// </remarks>
internal sealed class TelemetryDataView : IDataView
{
    private const int MinRowsPerCursor = 1 << 14;

    public TelemetryDataView(TelemetryTable table)
    {
        Table = table;
        AssetIds = [.. table.AssetIds.Select(id => id.AsMemory())];
        var schema = new DataViewSchema.Builder();
        schema.AddColumn(table.Schema.AssetColumn, TextDataViewType.Instance);
        schema.AddColumn(table.Schema.TimeColumn, table.Schema.TimeKind == TimeKind.UtcTimestamp ? DateTimeDataViewType.Instance : NumberDataViewType.Int64);
        foreach (ChannelDefinition channel in table.Schema.Channels)
        {
            schema.AddColumn(channel.Name, NumberDataViewType.Double);
        }

        Schema = schema.ToSchema();
    }

    public TelemetryTable Table { get; }

    public DataViewSchema Schema { get; }

    public bool CanShuffle => true;

    /// <summary>The asset ids as text, by asset code.</summary>
    internal ReadOnlyMemory<char>[] AssetIds { get; }

    public long? GetRowCount() => Table.RowCount;

    public DataViewRowCursor GetRowCursor(IEnumerable<DataViewSchema.Column> columnsNeeded, Random? rand = null) =>
        new TelemetryDataViewCursor(this, Active(columnsNeeded), 0, Table.RowCount, batch: 0, rand);

    public DataViewRowCursor[] GetRowCursorSet(IEnumerable<DataViewSchema.Column> columnsNeeded, int n, Random? rand = null)
    {
        bool[] active = Active(columnsNeeded);
        int cursors = rand is null ? Math.Clamp(Math.Min(n, Table.RowCount / MinRowsPerCursor), 1, Environment.ProcessorCount) : 1;
        if (cursors == 1)
        {
            return [new TelemetryDataViewCursor(this, active, 0, Table.RowCount, batch: 0, rand)];
        }

        // Contiguous ranges with increasing batch numbers, so ML.NET's consolidation puts the rows back in table order.
        var set = new DataViewRowCursor[cursors];
        for (int k = 0; k < cursors; k++)
        {
            int start = (int)((long)Table.RowCount * k / cursors);
            int end = (int)((long)Table.RowCount * (k + 1) / cursors);
            set[k] = new TelemetryDataViewCursor(this, active, start, end, batch: k, rand: null);
        }

        return set;
    }

    private bool[] Active(IEnumerable<DataViewSchema.Column> columnsNeeded)
    {
        ArgumentNullException.ThrowIfNull(columnsNeeded);
        bool[] active = new bool[Schema.Count];
        foreach (DataViewSchema.Column column in columnsNeeded)
        {
            if (column.Index < 0 || column.Index >= active.Length || Schema[column.Index].Name != column.Name)
            {
                throw new ArgumentException($"Column '{column.Name}' is not a column of this view.", nameof(columnsNeeded));
            }

            active[column.Index] = true;
        }

        return active;
    }
}
