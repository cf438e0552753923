using System.Globalization;
using System.Text;

namespace PredictiveMaintenance;

/// <summary>Where in an input a record or value came from, for error messages and quarantine records.</summary>
/// <param name="Source">The file name or stream description.</param>
/// <param name="Line">1-based line number in a text file (the first line of a record that spans lines), or 1-based row number in a binary file; 0 when the problem is not in one record.</param>
/// <param name="Column">1-based field number, or 0 when the problem is not in one field.</param>
/// <param name="ColumnName">The column's name, when known.</param>
public readonly record struct SourcePosition(string Source, long Line, int Column = 0, string? ColumnName = null)
{
    /// <summary>Describes the position as <c>source, line L, column C ('name')</c>, leaving out the parts that are unknown.</summary>
    public override string ToString()
    {
        var text = new StringBuilder(Source);
        if (Line > 0)
        {
            text.Append(CultureInfo.InvariantCulture, $", line {Line}");
        }

        if (Column > 0)
        {
            text.Append(CultureInfo.InvariantCulture, $", column {Column}");
        }

        if (ColumnName is not null)
        {
            text.Append(CultureInfo.InvariantCulture, $" ('{ColumnName}')");
        }

        return text.ToString();
    }
}
