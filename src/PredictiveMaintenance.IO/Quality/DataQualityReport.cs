using System.Collections.ObjectModel;
using System.Text;

namespace PredictiveMaintenance.IO;

/// <summary>
/// Counts of what the cleaning step did with an input. Every input row is either accepted or quarantined:
/// <c>InputRows == AcceptedRows + QuarantinedRows</c> always holds.
/// </summary>
public sealed class DataQualityReport
{
    private static readonly QuarantineReason[] Reasons = Enum.GetValues<QuarantineReason>();
    private readonly long[] _quarantined;

    internal DataQualityReport(IReadOnlyList<string> sources, long inputRows, long acceptedRows, long[] quarantinedByReason, long reorderedRows, long missingValues, long blankLines)
    {
        _quarantined = quarantinedByReason;
        Sources = new ReadOnlyCollection<string>([.. sources]);
        InputRows = inputRows;
        AcceptedRows = acceptedRows;
        QuarantinedRows = quarantinedByReason.Sum();
        ReorderedRows = reorderedRows;
        MissingValues = missingValues;
        BlankLines = blankLines;
        QuarantinedByReason = new ReadOnlyDictionary<QuarantineReason, long>(
            Reasons.Where(r => _quarantined[(int)r] > 0).ToDictionary(r => r, r => _quarantined[(int)r]));
    }

    /// <summary>A report of no input.</summary>
    public static DataQualityReport Empty { get; } = new([], 0, 0, new long[Reasons.Length], 0, 0, 0);

    /// <summary>The inputs counted (file names or stream descriptions).</summary>
    public IReadOnlyList<string> Sources { get; }

    /// <summary>Rows read: records of a text file (not the header, not blank lines) or rows of a binary file, counted as they are read.</summary>
    public long InputRows { get; }

    /// <summary>Rows that made it into the table.</summary>
    public long AcceptedRows { get; }

    /// <summary>Rows rejected, for any reason.</summary>
    public long QuarantinedRows { get; }

    /// <summary>Rejected rows by reason (reasons with none are left out).</summary>
    public IReadOnlyDictionary<QuarantineReason, long> QuarantinedByReason { get; }

    /// <summary>Accepted rows that came earlier in the input than an earlier-timed row of their asset and were sorted into place.</summary>
    public long ReorderedRows { get; }

    /// <summary>Missing channel values (empty fields, nulls) in accepted rows, kept as NaN.</summary>
    public long MissingValues { get; }

    /// <summary>Blank lines skipped in text input; they are not rows.</summary>
    public long BlankLines { get; }

    /// <summary>Adds the counts of another report, such as the next batch or file.</summary>
    /// <param name="other">The report to add.</param>
    public DataQualityReport Add(DataQualityReport other)
    {
        ArgumentNullException.ThrowIfNull(other);
        long[] quarantined = new long[Reasons.Length];
        for (int i = 0; i < quarantined.Length; i++)
        {
            quarantined[i] = _quarantined[i] + other._quarantined[i];
        }

        return new DataQualityReport(
            [.. Sources, .. other.Sources.Where(s => !Sources.Contains(s))],
            InputRows + other.InputRows,
            AcceptedRows + other.AcceptedRows,
            quarantined,
            ReorderedRows + other.ReorderedRows,
            MissingValues + other.MissingValues,
            BlankLines + other.BlankLines);
    }

    /// <summary>A one-line summary: input, accepted and quarantined counts with reasons.</summary>
    public override string ToString()
    {
        var text = new StringBuilder();
        text.Append(FormattableString.Invariant($"{InputRows} rows: {AcceptedRows} accepted, {QuarantinedRows} quarantined"));
        if (QuarantinedByReason.Count > 0)
        {
            text.Append(" (").AppendJoin(", ", QuarantinedByReason.Select(p => FormattableString.Invariant($"{p.Key} {p.Value}"))).Append(')');
        }

        text.Append(FormattableString.Invariant($"; {ReorderedRows} reordered, {MissingValues} missing values, {BlankLines} blank lines"));
        return text.ToString();
    }
}
