using System.Globalization;
using System.IO.Compression;
using System.Text;

namespace PredictiveMaintenance.IO;

/// <summary>
/// Writes telemetry tables as CSV that <see cref="DelimitedTelemetryReader"/> (and pandas) read back exactly: a header
/// of the schema's columns, times as ISO-8601 UTC (or cycle numbers), values in shortest round-trip form, missing values
/// as empty fields. Tables written one after another share the header, for output produced batch by batch.
/// </summary>
public sealed class DelimitedTelemetryWriter : IAsyncDisposable
{
    private readonly StreamWriter _writer;
    private readonly TelemetrySchema _schema;
    private readonly char _delimiter;

    private DelimitedTelemetryWriter(StreamWriter writer, TelemetrySchema schema, char delimiter)
    {
        _writer = writer;
        _schema = schema;
        _delimiter = delimiter;
    }

    /// <summary>Starts writing tables of a schema to a stream, header first.</summary>
    /// <param name="stream">Where to write.</param>
    /// <param name="schema">The schema of every table written.</param>
    /// <param name="delimiter">The field separator. Default: comma.</param>
    /// <param name="leaveOpen">Whether disposing the writer leaves <paramref name="stream"/> open.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    public static async Task<DelimitedTelemetryWriter> CreateAsync(Stream stream, TelemetrySchema schema, char delimiter = ',', bool leaveOpen = false, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(schema);
        FieldDelimiter.Of(delimiter);
        var writer = new StreamWriter(stream, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false), 1 << 16, leaveOpen) { NewLine = "\n" };
        var telemetry = new DelimitedTelemetryWriter(writer, schema, delimiter);
        string[] header = [schema.AssetColumn, schema.TimeColumn, .. schema.Channels.Select(c => c.Name)];
        await writer.WriteLineAsync(string.Join(delimiter, header.Select(telemetry.Quote)).AsMemory(), cancellationToken).ConfigureAwait(false);
        return telemetry;
    }

    /// <summary>Starts writing tables of a schema to a file, gzip-compressed when its name ends with <c>.gz</c>.</summary>
    /// <param name="path">The file, replaced if it exists.</param>
    /// <param name="schema">The schema of every table written.</param>
    /// <param name="delimiter">The field separator. Default: comma.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    public static Task<DelimitedTelemetryWriter> CreateAsync(string path, TelemetrySchema schema, char delimiter = ',', CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        Stream file = File.Create(path);
        Stream stream = path.EndsWith(".gz", StringComparison.OrdinalIgnoreCase) ? new GZipStream(file, CompressionLevel.Optimal) : file;
        return CreateAsync(stream, schema, delimiter, leaveOpen: false, cancellationToken);
    }

    /// <summary>Writes a table's rows.</summary>
    /// <param name="table">A table of the writer's schema.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <exception cref="SchemaException">The table's schema differs.</exception>
    public async Task WriteAsync(TelemetryTable table, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(table);
        if (!table.Schema.Equals(_schema))
        {
            throw new SchemaException($"Cannot write a table of schema [{table.Schema}] after the header of [{_schema}].");
        }

        var line = new StringBuilder();
        for (int asset = 0; asset < table.AssetCount; asset++)
        {
            string id = Quote(table.AssetIds[asset]);
            Range rows = table.GetAssetRows(asset);
            for (int row = rows.Start.Value; row < rows.End.Value; row++)
            {
                line.Clear().Append(id).Append(_delimiter).Append(_schema.TimeKind == TimeKind.Cycle
                    ? table.Times[row].ToString(CultureInfo.InvariantCulture)
                    : UnixTime.Format(table.Times[row]));
                for (int c = 0; c < _schema.Channels.Count; c++)
                {
                    double value = table.GetChannel(c)[row];
                    line.Append(_delimiter);
                    if (!double.IsNaN(value))
                    {
                        line.Append(value.ToString("R", CultureInfo.InvariantCulture));
                    }
                }

                await _writer.WriteLineAsync(line, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>Flushes and closes the output.</summary>
    public ValueTask DisposeAsync() => _writer.DisposeAsync();

    private string Quote(string text) =>
        text.AsSpan().IndexOfAny([_delimiter, '"', '\r', '\n']) < 0 && text.Trim() == text ? text : '"' + text.Replace("\"", "\"\"", StringComparison.Ordinal) + '"';
}
