namespace PredictiveMaintenance.IO;

/// <summary>A rejected input row: where it was, why, and what it said.</summary>
/// <param name="Position">The source, line and, where one field is at fault, the column.</param>
/// <param name="Reason">Why it was rejected.</param>
/// <param name="Detail">What was wrong, with the offending value and what was expected.</param>
/// <param name="RawText">The record's text when it was rejected while parsing; null for rows rejected later (duplicates, out of order), whose values the detail gives.</param>
public readonly record struct QuarantinedRow(SourcePosition Position, QuarantineReason Reason, string Detail, string? RawText = null);
