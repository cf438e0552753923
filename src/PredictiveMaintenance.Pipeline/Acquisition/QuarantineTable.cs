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
    /// The files' rows of the dashboard's data-quality summary (<see cref="DataQualityTable"/>): per file, the rows
    /// appended, the rows rejected per reason, and the late rows, which the cleaning report counts as accepted but the
    /// pipeline quarantines, so that the outcomes add up to the rows read.
    /// </summary>
    public static RecordBatch ToDataQualityBatch(IEnumerable<DataQualityCounts> files, DateTimeOffset processedAt)
    {
        var batch = new StringArray.Builder();
        var at = new TimestampArray.Builder(new Apache.Arrow.Types.TimestampType(Apache.Arrow.Types.TimeUnit.Microsecond, "UTC"));
        var outcome = new StringArray.Builder();
        var rows = new Int64Array.Builder();
        int count = 0;
        foreach (DataQualityCounts file in files)
        {
            List<(string Outcome, long Rows)> outcomes =
            [
                (DataQualityTable.AcceptedOutcome, file.Accepted),
                .. file.Rejected.Where(p => p.Value > 0).OrderBy(p => p.Key).Select(p => (p.Key.ToString(), p.Value)),
            ];
            if (file.Late > 0)
            {
                outcomes.Add((LateArrival, file.Late));
            }

            foreach ((string name, long rowCount) in outcomes)
            {
                batch.Append(file.File);
                at.Append(processedAt.ToUniversalTime());
                outcome.Append(name);
                rows.Append(rowCount);
            }

            count += outcomes.Count;
        }

        return new RecordBatch(DataQualityTable.Schema.ToArrowSchema(), [batch.Build(), at.Build(), outcome.Build(), rows.Build()], count);
    }

    /// <summary>The quarantine rows of files: each file's rejected rows, then its late rows.</summary>
    public static RecordBatch ToRecordBatch(IEnumerable<QuarantinedRows> files)
    {
        int count = 0;
        var batch = new Int64Array.Builder();
        var name = new StringArray.Builder();
        var sha = new StringArray.Builder();
        var line = new Int64Array.Builder();
        var column = new Int32Array.Builder();
        var columnName = new StringArray.Builder();
        var reason = new StringArray.Builder();
        var detail = new StringArray.Builder();
        var raw = new StringArray.Builder();
        foreach ((long sequence, StagedFile file, IReadOnlyList<QuarantinedRow> rejected, IReadOnlyList<LateRow> late) in files)
        {
            count += rejected.Count + late.Count;
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

/// <summary>A file's rows of the quarantine table: those the data quality rules rejected and the late ones.</summary>
internal readonly record struct QuarantinedRows(long Sequence, StagedFile File, IReadOnlyList<QuarantinedRow> Rejected, IReadOnlyList<LateRow> Late);

/// <summary>A file's outcomes in the data-quality summary.</summary>
internal readonly record struct DataQualityCounts(string File, long Accepted, IReadOnlyDictionary<QuarantineReason, long> Rejected, long Late);
