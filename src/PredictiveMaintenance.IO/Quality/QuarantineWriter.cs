using System.Globalization;
using System.Text;

namespace PredictiveMaintenance.IO;

/// <summary>
/// Writes quarantined rows as CSV (<c>source,line,column,column_name,reason,detail,raw_text</c>, RFC 4180 quoting), so
/// they can be inspected, fixed and read again; the raw text of a record keeps its delimiters and line breaks.
/// </summary>
public static class QuarantineWriter
{
    /// <summary>The header line written first.</summary>
    public const string Header = "source,line,column,column_name,reason,detail,raw_text";

    /// <summary>Writes the rows to a stream as UTF-8 CSV.</summary>
    /// <param name="rows">The rows, in the order to write them.</param>
    /// <param name="stream">Where to write; left open.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    public static async Task WriteCsvAsync(IEnumerable<QuarantinedRow> rows, Stream stream, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(rows);
        ArgumentNullException.ThrowIfNull(stream);
        var writer = new StreamWriter(stream, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false), 1 << 16, leaveOpen: true) { NewLine = "\n" };
        await using (writer.ConfigureAwait(false))
        {
            await writer.WriteLineAsync(Header.AsMemory(), cancellationToken).ConfigureAwait(false);
            foreach (QuarantinedRow row in rows)
            {
                string line = string.Join(',',
                    Quote(row.Position.Source),
                    row.Position.Line.ToString(CultureInfo.InvariantCulture),
                    row.Position.Column.ToString(CultureInfo.InvariantCulture),
                    Quote(row.Position.ColumnName),
                    row.Reason.ToString(),
                    Quote(row.Detail),
                    Quote(row.RawText));
                await writer.WriteLineAsync(line.AsMemory(), cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>Writes the rows to a file as UTF-8 CSV, replacing it.</summary>
    /// <param name="rows">The rows, in the order to write them.</param>
    /// <param name="path">The file.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    public static async Task WriteCsvAsync(IEnumerable<QuarantinedRow> rows, string path, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        FileStream file = File.Create(path);
        await using (file.ConfigureAwait(false))
        {
            await WriteCsvAsync(rows, file, cancellationToken).ConfigureAwait(false);
        }
    }

    private static string Quote(string? text) =>
        text is null ? string.Empty
        : text.AsSpan().IndexOfAny(",\"\r\n") < 0 ? text
        : '"' + text.Replace("\"", "\"\"", StringComparison.Ordinal) + '"';
}
