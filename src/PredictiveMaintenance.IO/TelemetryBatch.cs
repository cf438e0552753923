namespace PredictiveMaintenance.IO;

/// <summary>A cleaned batch of telemetry: the accepted rows as a table, the rejected ones, and the counts.</summary>
/// <param name="Table">The accepted rows, sorted by asset and time.</param>
/// <param name="Quarantine">The rejected rows, in input order.</param>
/// <param name="Report">The counts; <c>Report.AcceptedRows == Table.RowCount</c> and <c>Report.QuarantinedRows == Quarantine.Count</c>.</param>
public sealed record TelemetryBatch(TelemetryTable Table, IReadOnlyList<QuarantinedRow> Quarantine, DataQualityReport Report);
