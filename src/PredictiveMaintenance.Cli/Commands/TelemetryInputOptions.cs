using System.CommandLine;
using PredictiveMaintenance.IO;

namespace PredictiveMaintenance.Cli.Commands;

/// <summary>The options every command that reads a telemetry file shares: format, column mapping and cleaning rules.</summary>
internal sealed class TelemetryInputOptions
{
    private readonly Option<string> _format = new("--format")
    {
        Description = "The file format: auto (default: recognised by the file's first bytes), csv (any delimited text, plain or gzip), parquet or arrow.",
        DefaultValueFactory = _ => "auto",
    };

    private readonly Option<string?> _layout = new("--layout")
    {
        Description = "A known file layout that sets every option below: azure (PdM_telemetry), cmapss (train_/test_FDxxx), skab (one experiment per file).",
    };

    private readonly Option<string?> _delimiter = new("--delimiter", "-d") { Description = "Field separator: one character, 'tab' or 'whitespace'. Default: ','." };
    private readonly Option<bool> _noHeader = new("--no-header") { Description = "The file has no header line; refer to columns by 0-based position." };
    private readonly Option<string?> _assetColumn = new("--asset-column") { Description = "The asset id column, by name or 0-based position. Default: a column named like asset, machineID, unit, device." };
    private readonly Option<string?> _asset = new("--asset") { Description = "The asset id of every row, for files with one asset each (instead of --asset-column)." };
    private readonly Option<string?> _timeColumn = new("--time-column") { Description = "The time column, by name or 0-based position. Default: a column named like timestamp, datetime, time, cycle." };
    private readonly Option<string?> _timeFormat = new("--time-format") { Description = "iso (default), unix-s, unix-ms, or a .NET pattern such as 'dd/MM/yyyy HH:mm'. Times without an offset are UTC." };
    private readonly Option<bool> _cycles = new("--cycles") { Description = "The time column counts cycles (integers), not timestamps." };
    private readonly Option<string[]> _channels = new("--channels")
    {
        Description = "The channel columns, by name or position, comma-separated. Default: every other column.",
        AllowMultipleArgumentsPerToken = true,
    };

    private readonly Option<string[]> _ranges = new("--range")
    {
        Description = "A valid range, as channel=min:max (repeatable); values outside are quarantined.",
    };

    private readonly Option<int?> _batchRows = new("--batch-rows")
    {
        Description = "Rows per batch when a command streams delimited text (memory grows with it, not with the file). Default: 262,144.",
    };

    public IEnumerable<Option> All => [_batchRows, _format, _layout, _delimiter, _noHeader, _assetColumn, _asset, _timeColumn, _timeFormat, _cycles, _channels, _ranges];

    /// <summary>Opens <paramref name="path"/> with the reader its format needs, configured from the command line.</summary>
    /// <exception cref="ArgumentException">The options contradict each other or a value is malformed.</exception>
    public ITelemetryReader OpenReader(ParseResult parse, string path) => OpenReader(parse, path, out _);

    /// <summary>Opens <paramref name="path"/> with the reader its format needs; <paramref name="file"/> is the stream it reads, whose position shows how far it got.</summary>
    /// <exception cref="ArgumentException">The options contradict each other or a value is malformed.</exception>
    public ITelemetryReader OpenReader(ParseResult parse, string path, out FileStream file)
    {
        TelemetryFileFormat format = parse.GetValue(_format) switch
        {
            null or "auto" => TelemetryFileFormat.Auto,
            "csv" or "text" or "delimited" => TelemetryFileFormat.Delimited,
            "parquet" => TelemetryFileFormat.Parquet,
            "arrow" or "ipc" => TelemetryFileFormat.ArrowIpc,
            string other => throw new ArgumentException($"Unknown format '{other}': use auto, csv, parquet or arrow."),
        };
        DelimitedTextOptions text = ToTextOptions(parse, path);

        // A columnar file written by this package describes its own columns; mapping options are for anyone else's.
        bool mapped = new Option[] { _layout, _assetColumn, _asset, _timeColumn, _cycles, _channels }.Any(o => parse.GetResult(o) is not null);
        var columnar = new ColumnarReadOptions
        {
            Columns = mapped ? text.Columns : null,
            DataQuality = mapped || text.DataQuality.ChannelRanges.Count > 0 ? text.DataQuality : null,
        };
        format = format == TelemetryFileFormat.Auto ? TelemetryFile.DetectFormat(path) : format;
        file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1 << 16, FileOptions.Asynchronous);
        return format switch
        {
            TelemetryFileFormat.Parquet => new ParquetTelemetryReader(file, columnar, path),
            TelemetryFileFormat.ArrowIpc => new ArrowTelemetryReader(file, columnar, path),
            _ => new DelimitedTelemetryReader(file, text, path),
        };
    }

    /// <summary>Builds the reading options for <paramref name="path"/> from the command line.</summary>
    /// <exception cref="ArgumentException">The options contradict each other or a value is malformed.</exception>
    private DelimitedTextOptions ToTextOptions(ParseResult parse, string path)
    {
        DataQualityOptions quality = new() { ChannelRanges = ParseRanges(parse.GetValue(_ranges) ?? []) };
        DelimitedTextOptions layout = parse.GetValue(_layout) switch
        {
            null => new DelimitedTextOptions { Columns = new TelemetryColumnMapping() },
            "azure" => AzurePdmDataset.TelemetryOptions(),
            "cmapss" => CmapssDataset.TextOptions(),
            "skab" => SkabDataset.TextOptions(SkabDataset.ExperimentName(path)),
            string other => throw new ArgumentException($"Unknown layout '{other}': use azure, cmapss or skab."),
        };

        TelemetryColumnMapping columns = layout.Columns;
        string? asset = parse.GetValue(_asset);
        string? assetColumn = parse.GetValue(_assetColumn);
        string? timeColumn = parse.GetValue(_timeColumn);
        string[] channels = [.. (parse.GetValue(_channels) ?? []).SelectMany(c => c.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))];
        columns = new TelemetryColumnMapping
        {
            AssetColumn = asset is not null ? null : assetColumn is not null ? ColumnReference.Parse(assetColumn) : columns.AssetColumn,
            ConstantAssetId = asset ?? (assetColumn is not null ? null : columns.ConstantAssetId),
            AssetColumnName = columns.AssetColumnName,
            TimeColumn = timeColumn is not null ? ColumnReference.Parse(timeColumn) : columns.TimeColumn,
            TimeColumnName = columns.TimeColumnName,
            TimeKind = parse.GetValue(_cycles) ? TimeKind.Cycle : columns.TimeKind,
            Channels = channels.Length > 0 ? [.. channels.Select(c => new ChannelMapping(ColumnReference.Parse(c), char.IsAsciiDigit(c[0]) ? $"column{c}" : null))] : columns.Channels,
            Roles = columns.Roles,
        };

        return new DelimitedTextOptions
        {
            BatchRows = parse.GetValue(_batchRows) ?? layout.BatchRows,
            Columns = columns,
            Delimiter = parse.GetValue(_delimiter) is { } delimiter ? FieldDelimiter.Parse(delimiter) : layout.Delimiter,
            HasHeader = !parse.GetValue(_noHeader) && layout.HasHeader,
            TimestampFormat = parse.GetValue(_timeFormat) is { } format ? TimestampFormat.Parse(format) : layout.TimestampFormat,
            DataQuality = quality,
        };
    }

    private static Dictionary<string, ValueRange> ParseRanges(string[] ranges)
    {
        var parsed = new Dictionary<string, ValueRange>(StringComparer.Ordinal);
        foreach (string range in ranges)
        {
            string[] parts = range.Split('=', 2);
            string[] bounds = parts.Length == 2 ? parts[1].Split(':') : [];
            if (bounds.Length != 2
                || !double.TryParse(bounds[0], System.Globalization.CultureInfo.InvariantCulture, out double min)
                || !double.TryParse(bounds[1], System.Globalization.CultureInfo.InvariantCulture, out double max))
            {
                throw new ArgumentException($"--range '{range}' is not channel=min:max.");
            }

            parsed[parts[0]] = new ValueRange(min, max);
        }

        return parsed;
    }
}
