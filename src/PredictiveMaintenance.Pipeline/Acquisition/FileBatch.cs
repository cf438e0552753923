namespace PredictiveMaintenance.Pipeline;

/// <summary>
/// What ingesting one staged file did; the ingest ledger keeps one per file. Every row read is accounted for:
/// <c>RowsRead == RowsAccepted + RowsQuarantined + RowsLate</c>.
/// </summary>
/// <param name="Sequence">The batch number (1, 2, ...), also the Delta transaction version of the file's commits.</param>
/// <param name="File">The file's path relative to the staging folder.</param>
/// <param name="Size">The file's length in bytes.</param>
/// <param name="Sha256">The SHA-256 of the file, lowercase hex.</param>
/// <param name="RowsRead">Rows read from the file (records of a text file, not its header or blank lines).</param>
/// <param name="RowsAccepted">Rows appended to the telemetry table.</param>
/// <param name="RowsQuarantined">Rows the data quality rules rejected; they are in the quarantine table with file, line, column and reason.</param>
/// <param name="RowsLate">
/// Clean rows not later than their asset's last ingested row; features are computed forward in time, so they are
/// reported in the quarantine table with reason <c>LateArrival</c> instead of being appended.
/// </param>
/// <param name="FeatureRows">Rows appended to the features table.</param>
/// <param name="CompletedAt">When the file's batch completed.</param>
/// <param name="Resumed">Whether the batch was completed by a later run after an interruption (its ledger entry recovered from the Delta transactions).</param>
public sealed record FileBatch(
    long Sequence,
    string File,
    long Size,
    string Sha256,
    long RowsRead,
    long RowsAccepted,
    long RowsQuarantined,
    long RowsLate,
    long FeatureRows,
    DateTimeOffset CompletedAt,
    bool Resumed);
