namespace PredictiveMaintenance.Scoring;

/// <summary>What a batch-scoring run wrote to the predictions table.</summary>
/// <param name="TableVersion">The predictions table's version after the write, or null when nothing was written.</param>
/// <param name="RowsWritten">Predictions appended.</param>
/// <param name="Skipped">Whether the input had already been scored by this model version (the table's <c>txn</c> for <paramref name="ApplicationId"/> is at or above <paramref name="ApplicationVersion"/>), so nothing was scored nor written.</param>
/// <param name="ApplicationId">The Delta application id of this model version and input.</param>
/// <param name="ApplicationVersion">The input's version (a Delta table version; 0 for files and in-memory tables, whose content hash is in the id).</param>
/// <param name="InputTableVersion">The input Delta table's version, or null for files and in-memory tables.</param>
/// <param name="Scoring">The scoring, with the rows that could not be scored; null when skipped.</param>
public sealed record PredictionWriteResult(
    long? TableVersion,
    long RowsWritten,
    bool Skipped,
    string ApplicationId,
    long ApplicationVersion,
    long? InputTableVersion,
    ScoringResult? Scoring);
