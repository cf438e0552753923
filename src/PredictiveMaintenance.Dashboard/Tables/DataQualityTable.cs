using Apache.Arrow;
using Apache.Arrow.Types;
using PredictiveMaintenance.DeltaLake;
using PredictiveMaintenance.IO;

namespace PredictiveMaintenance.Dashboard;

/// <summary>
/// The data-quality summary Delta table that ingestion appends to and the dashboard reads: per batch, how many rows were
/// accepted and how many were quarantined for each reason. The column names here are the contract between both sides.
/// </summary>
/// <remarks>
/// The table is long, one row per batch and outcome, so a new <see cref="QuarantineReason"/> needs no schema change and
/// BI tools pivot it as they like. A batch writes a row with outcome <see cref="AcceptedOutcome"/> (even when zero) and one
/// per reason that quarantined at least one row, named as <see cref="QuarantineReason"/> prints (<c>Duplicate</c>,
/// <c>OutOfRange</c>, ...). The quarantined rows themselves, with file, line and raw text, belong in the quarantine
/// table; this summary is what is left when that table has been vacuumed.
/// </remarks>
public static class DataQualityTable
{
    /// <summary>The batch id (<c>string</c>, not null), such as the staging file or the batch number.</summary>
    public const string Batch = "batch";

    /// <summary>When the batch was cleaned (<c>timestamp</c>, not null).</summary>
    public const string ProcessedAt = "processed_at";

    /// <summary>The outcome counted (<c>string</c>, not null): <see cref="AcceptedOutcome"/> or a <see cref="QuarantineReason"/> name.</summary>
    public const string Outcome = "outcome";

    /// <summary>How many input rows had this outcome (<c>long</c>, not null).</summary>
    public const string Rows = "rows";

    /// <summary>The <see cref="Outcome"/> of accepted rows.</summary>
    public const string AcceptedOutcome = "accepted";

    /// <summary>The Delta schema of the table, in column order.</summary>
    public static DeltaStructType Schema { get; } = new(
        new DeltaStructField(Batch, DeltaPrimitiveType.String, nullable: false),
        new DeltaStructField(ProcessedAt, DeltaPrimitiveType.Timestamp, nullable: false),
        new DeltaStructField(Outcome, DeltaPrimitiveType.String, nullable: false),
        new DeltaStructField(Rows, DeltaPrimitiveType.Long, nullable: false));

    private static readonly DeltaCreateOptions CreateOptions = new() { Name = "data_quality", Description = "Rows accepted and quarantined by reason, per ingested batch." };

    /// <summary>Creates an empty data-quality summary table.</summary>
    /// <param name="path">The table's location: a local folder, created if missing, or an object-store URI (see <see cref="DeltaTable.OpenAsync"/>).</param>
    /// <param name="options">Write options of the returned table; null for the defaults.</param>
    /// <param name="cancellationToken">Cancels the creation.</param>
    /// <exception cref="DeltaProtocolException">A table already exists at the path.</exception>
    public static Task<DeltaTable> CreateAsync(string path, DeltaTableOptions? options = null, CancellationToken cancellationToken = default) =>
        DeltaTable.CreateAsync(path, Schema, CreateOptions, options, cancellationToken);

    /// <summary>Opens the data-quality summary table at <paramref name="location"/>, or creates it empty when there is none (<see cref="DeltaTable.OpenOrCreateAsync"/>).</summary>
    /// <param name="location">The table's location: a local folder or an object-store URI.</param>
    /// <param name="options">Write options and storage credentials; null for the defaults.</param>
    /// <param name="cancellationToken">Cancels the listing and the creation.</param>
    public static Task<DeltaTable> OpenOrCreateAsync(string location, DeltaTableOptions? options = null, CancellationToken cancellationToken = default) =>
        DeltaTable.OpenOrCreateAsync(location, Schema, CreateOptions, options, cancellationToken);

    /// <summary>Converts the cleaning report of one batch to the rows of the summary table.</summary>
    /// <param name="batch">The batch id; not empty.</param>
    /// <param name="processedAt">When the batch was cleaned.</param>
    /// <param name="report">The batch's cleaning report.</param>
    public static RecordBatch ToRecordBatch(string batch, DateTimeOffset processedAt, DataQualityReport report)
    {
        ArgumentException.ThrowIfNullOrEmpty(batch);
        ArgumentNullException.ThrowIfNull(report);
        var outcomes = new List<(string Outcome, long Rows)> { (AcceptedOutcome, report.AcceptedRows) };
        outcomes.AddRange(report.QuarantinedByReason.OrderBy(p => p.Key).Select(p => (p.Key.ToString(), p.Value)));

        var batches = new StringArray.Builder();
        var times = new TimestampArray.Builder(new TimestampType(TimeUnit.Microsecond, "UTC"));
        var names = new StringArray.Builder();
        var rows = new Int64Array.Builder();
        foreach ((string outcome, long count) in outcomes)
        {
            batches.Append(batch);
            times.Append(processedAt.ToUniversalTime());
            names.Append(outcome);
            rows.Append(count);
        }

        return new RecordBatch(Schema.ToArrowSchema(), [batches.Build(), times.Build(), names.Build(), rows.Build()], outcomes.Count);
    }
}
