using Apache.Arrow;
using PredictiveMaintenance.Dashboard;
using PredictiveMaintenance.DeltaLake;
using PredictiveMaintenance.IO;

namespace PredictiveMaintenance.Pipeline;

/// <summary>The quarantine Delta table: one row per rejected or late input row, with the file, line, column and reason.</summary>
internal static class QuarantineTable
{
    public const string LateArrival = "LateArrival";

    public static DeltaStructType Schema { get; } = new(
        new DeltaStructField("batch", DeltaPrimitiveType.Long, nullable: false),
        new DeltaStructField("file", DeltaPrimitiveType.String, nullable: false),
        new DeltaStructField("sha256", DeltaPrimitiveType.String, nullable: false),
        new DeltaStructField("line", DeltaPrimitiveType.Long),
        new DeltaStructField("column", DeltaPrimitiveType.Integer),
        new DeltaStructField("column_name", DeltaPrimitiveType.String),
        new DeltaStructField("reason", DeltaPrimitiveType.String, nullable: false),
        new DeltaStructField("detail", DeltaPrimitiveType.String, nullable: false),
        new DeltaStructField("raw_text", DeltaPrimitiveType.String));

    /// <summary>
    /// A batch's rows of the dashboard's data-quality summary (<see cref="DataQualityTable"/>): the rows appended, the
    /// rows rejected per reason, and the late rows, which the cleaning report counts as accepted but the pipeline
    /// quarantines, so that the outcomes add up to the rows read.
    /// </summary>
    public static RecordBatch ToDataQualityBatch(StagedFile file, DateTimeOffset processedAt, DataQualityReport report, long accepted, long late)
    {
        List<(string Outcome, long Rows)> outcomes =
        [
            (DataQualityTable.AcceptedOutcome, accepted),
            .. report.QuarantinedByReason.Where(p => p.Value > 0).OrderBy(p => p.Key).Select(p => (p.Key.ToString(), p.Value)),
        ];
        if (late > 0)
        {
            outcomes.Add((LateArrival, late));
        }

        var batch = new StringArray.Builder();
        var at = new TimestampArray.Builder(new Apache.Arrow.Types.TimestampType(Apache.Arrow.Types.TimeUnit.Microsecond, "UTC"));
        var outcome = new StringArray.Builder();
        var rows = new Int64Array.Builder();
        foreach ((string name, long count) in outcomes)
        {
            batch.Append(file.Name);
            at.Append(processedAt.ToUniversalTime());
            outcome.Append(name);
            rows.Append(count);
        }

        return new RecordBatch(DataQualityTable.Schema.ToArrowSchema(), [batch.Build(), at.Build(), outcome.Build(), rows.Build()], outcomes.Count);
    }

    public static RecordBatch ToRecordBatch(long sequence, StagedFile file, IReadOnlyList<QuarantinedRow> rejected, IReadOnlyList<LateRow> late)
    {
        int count = rejected.Count + late.Count;
        var batch = new Int64Array.Builder();
        var name = new StringArray.Builder();
        var sha = new StringArray.Builder();
        var line = new Int64Array.Builder();
        var column = new Int32Array.Builder();
        var columnName = new StringArray.Builder();
        var reason = new StringArray.Builder();
        var detail = new StringArray.Builder();
        var raw = new StringArray.Builder();
        foreach (QuarantinedRow row in rejected)
        {
            batch.Append(sequence);
            name.Append(file.Name);
            sha.Append(file.Sha256);
            AppendPositive(line, row.Position.Line);
            if (row.Position.Column > 0)
            {
                column.Append(row.Position.Column);
            }
            else
            {
                column.AppendNull();
            }

            AppendText(columnName, row.Position.ColumnName);
            reason.Append(row.Reason.ToString());
            detail.Append(row.Detail);
            AppendText(raw, row.RawText);
        }

        foreach (LateRow row in late)
        {
            batch.Append(sequence);
            name.Append(file.Name);
            sha.Append(file.Sha256);
            line.AppendNull();
            column.AppendNull();
            columnName.AppendNull();
            reason.Append(LateArrival);
            detail.Append(row.Detail);
            raw.Append(row.Values);
        }

        return new RecordBatch(
            Schema.ToArrowSchema(),
            [batch.Build(), name.Build(), sha.Build(), line.Build(), column.Build(), columnName.Build(), reason.Build(), detail.Build(), raw.Build()],
            count);
    }

    private static void AppendPositive(Int64Array.Builder builder, long value)
    {
        if (value > 0)
        {
            builder.Append(value);
        }
        else
        {
            builder.AppendNull();
        }
    }

    private static void AppendText(StringArray.Builder builder, string? value)
    {
        if (value is null)
        {
            builder.AppendNull();
        }
        else
        {
            builder.Append(value);
        }
    }
}

/// <summary>A clean row not later than its asset's last ingested row.</summary>
internal readonly record struct LateRow(string Detail, string Values);
