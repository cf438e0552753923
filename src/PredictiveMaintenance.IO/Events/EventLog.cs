namespace PredictiveMaintenance.IO;

/// <summary>Records read from a log file (maintenance, failures, errors, asset attributes), with the rejected rows and the counts.</summary>
/// <typeparam name="T">The record type.</typeparam>
/// <param name="Records">The accepted records, in file order.</param>
/// <param name="Quarantine">The rejected rows, in file order.</param>
/// <param name="Report">The counts; <c>Report.AcceptedRows == Records.Count</c>.</param>
public sealed record EventLog<T>(IReadOnlyList<T> Records, IReadOnlyList<QuarantinedRow> Quarantine, DataQualityReport Report);
