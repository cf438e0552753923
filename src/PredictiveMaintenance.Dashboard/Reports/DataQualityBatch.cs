namespace PredictiveMaintenance.Dashboard;

/// <summary>What cleaning did with one ingested batch: rows accepted, and rows quarantined by reason.</summary>
/// <param name="Batch">The batch id.</param>
/// <param name="ProcessedAt">When the batch was cleaned, UTC.</param>
/// <param name="AcceptedRows">Rows accepted into the telemetry table.</param>
/// <param name="QuarantinedByReason">Rows quarantined, by reason (as <see cref="IO.QuarantineReason"/> prints); reasons with none may be left out.</param>
public sealed record DataQualityBatch(string Batch, DateTimeOffset ProcessedAt, long AcceptedRows, IReadOnlyDictionary<string, long> QuarantinedByReason)
{
    /// <summary>Rows quarantined, for any reason.</summary>
    public long QuarantinedRows => QuarantinedByReason.Values.Sum();
}
