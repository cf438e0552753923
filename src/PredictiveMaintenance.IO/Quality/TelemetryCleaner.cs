using System.Globalization;
using System.Text;

namespace PredictiveMaintenance.IO;

/// <summary>
/// The cleaning step shared by every reader: readers hand it each row they parse (or the reason they could not),
/// it applies <see cref="DataQualityOptions"/>, and <see cref="Flush"/> sorts, de-duplicates and returns a batch.
/// State that must survive batches (the last accepted time of each asset) lives here, so a stream read batch by
/// batch is cleaned as one input.
/// </summary>
internal sealed class TelemetryCleaner
{
    private static readonly int ReasonCount = Enum.GetValues<QuarantineReason>().Length;

    private readonly ResolvedTelemetryColumns _columns;
    private readonly DataQualityOptions _options;
    private readonly string _source;
    private readonly TelemetryTableBuilder _builder;
    private readonly ValueRange?[] _ranges;
    private readonly Dictionary<string, AssetState> _assets = new(StringComparer.Ordinal);
    private readonly Dictionary<string, AssetState>.AlternateLookup<ReadOnlySpan<char>> _assetsBySpan;
    private readonly Dictionary<string, long> _watermarks = new(StringComparer.Ordinal);
    private readonly List<QuarantinedRow> _quarantine = [];
    private readonly List<long> _lines = [];
    private readonly List<bool> _reorderedRows = [];
    private readonly List<int> _missingPerRow = [];
    private readonly List<long> _maxTimes = [];
    private readonly List<long?> _watermarkOfCode = [];
    private readonly List<string> _idOfCode = [];
    private long[] _quarantinedByReason = new long[ReasonCount];
    private long _input, _reordered, _missing, _blank;
    private long _futureLimit;

    /// <param name="columns">The source's columns.</param>
    /// <param name="options">The cleaning rules.</param>
    /// <param name="source">The source's name, for positions.</param>
    /// <param name="batchRows">Rows per flush when known (bounded batches), so the builder is sized once instead of grown each batch; 0 when unknown.</param>
    public TelemetryCleaner(ResolvedTelemetryColumns columns, DataQualityOptions options, string source, int batchRows = 0)
    {
        options.Validate(columns.Schema);
        _columns = columns;
        _options = options;
        _source = source;
        _builder = new TelemetryTableBuilder(columns.Schema, batchRows);
        _lines.Capacity = batchRows;
        _ranges = [.. columns.Schema.Channels.Select(c => options.ChannelRanges.TryGetValue(c.Name, out ValueRange r) ? r : (ValueRange?)null)];
        _assetsBySpan = _assets.GetAlternateLookup<ReadOnlySpan<char>>();
        StartBatch();
    }

    public TelemetrySchema Schema => _columns.Schema;

    public string Source => _source;

    /// <summary>Rows handed over since the last flush.</summary>
    public long PendingRows => _input;

    /// <summary>
    /// Returns the builder code of an asset id, or -1 after quarantining the row when the id is not acceptable.
    /// Repeated ids are found without allocating.
    /// </summary>
    public int ResolveAsset(ReadOnlySpan<char> assetId, long line, ReadOnlySpan<byte> record)
    {
        if (!_assetsBySpan.TryGetValue(assetId, out AssetState state))
        {
            string id = assetId.ToString();
            state = _options.KnownAssets is { } known && !known.Contains(id)
                ? new AssetState(-1, QuarantineReason.UnknownAsset)
                : new AssetState(AddAsset(id), null);
            _assets.Add(id, state);
        }

        if (state.Rejection is { } reason)
        {
            Reject(new SourcePosition(_source, line, _columns.AssetIndex + 1, _columns.Schema.AssetColumn), reason, $"asset '{assetId}' is not a known asset", record);
            return -1;
        }

        return state.Code;
    }

    /// <summary>Applies the value and time rules to a parsed row and accepts or quarantines it.</summary>
    /// <param name="assetCode">A code from <see cref="ResolveAsset"/>.</param>
    /// <param name="time">The parsed time.</param>
    /// <param name="values">One value per channel (NaN where missing); a value the rules turn into a missing one is set to NaN here.</param>
    /// <param name="missing">Per channel, whether the source left the value out (an empty field or null): missing, not bad.</param>
    /// <param name="line">The line (text) or 1-based row (binary) of the row.</param>
    /// <param name="record">The row's text, decoded only if it is rejected; empty for binary sources.</param>
    public void Accept(int assetCode, long time, Span<double> values, ReadOnlySpan<bool> missing, long line, ReadOnlySpan<byte> record)
    {
        TelemetrySchema schema = _columns.Schema;
        if (schema.TimeKind == TimeKind.UtcTimestamp && time > _futureLimit)
        {
            Reject(Position(line, _columns.TimeIndex, schema.TimeColumn), QuarantineReason.FutureTime,
                $"{UnixTime.Format(time)} is later than the clock allows ({UnixTime.Format(_futureLimit)}, tolerance {_options.FutureTolerance})", record);
            return;
        }

        int missingCount = 0;
        for (int c = 0; c < values.Length; c++)
        {
            if (missing[c])
            {
                missingCount++;
                continue;
            }

            double value = values[c];
            if (!double.IsFinite(value))
            {
                if (_options.NonFiniteValues == NonFiniteValuePolicy.Quarantine)
                {
                    Reject(ChannelPosition(line, c), QuarantineReason.NonFiniteValue, $"{Format(value)} is not a finite number", record);
                    return;
                }

                if (_options.NonFiniteValues == NonFiniteValuePolicy.TreatAsMissing || double.IsNaN(value))
                {
                    values[c] = double.NaN;
                    missingCount++;
                }
            }
            else if (_ranges[c] is { } range && !range.Contains(value))
            {
                Reject(ChannelPosition(line, c), QuarantineReason.OutOfRange, $"{Format(value)} is outside {range}", record);
                return;
            }
        }

        if (_watermarkOfCode[assetCode] is long watermark && time <= watermark)
        {
            bool same = time == watermark;
            Reject(Position(line, _columns.TimeIndex, schema.TimeColumn), same ? QuarantineReason.Duplicate : QuarantineReason.OutOfOrder,
                $"asset '{AssetIdOf(assetCode)}' at {schema.FormatTime(time)} is {(same ? "the time of" : "older than")} its last reading accepted in an earlier batch ({schema.FormatTime(watermark)})", record);
            return;
        }

        if (time < _maxTimes[assetCode])
        {
            if (_options.OutOfOrder == OutOfOrderPolicy.Quarantine)
            {
                Reject(Position(line, _columns.TimeIndex, schema.TimeColumn), QuarantineReason.OutOfOrder,
                    $"asset '{AssetIdOf(assetCode)}' at {schema.FormatTime(time)} comes after a reading at {schema.FormatTime(_maxTimes[assetCode])}", record);
                return;
            }

            _reordered++;
        }
        else
        {
            _maxTimes[assetCode] = time;
        }

        _input++;
        _missing += missingCount;
        _lines.Add(line);
        _reorderedRows.Add(time < _maxTimes[assetCode]);
        _missingPerRow.Add(missingCount);
        _builder.Add(assetCode, time, values);
    }

    /// <summary>Quarantines a row that could not be parsed or broke a rule.</summary>
    public void Reject(SourcePosition position, QuarantineReason reason, string detail, ReadOnlySpan<byte> record)
    {
        _input++;
        _quarantinedByReason[(int)reason]++;
        _quarantine.Add(new QuarantinedRow(position, reason, detail, record.IsEmpty ? null : Encoding.UTF8.GetString(record)));
    }

    public void CountBlankLine() => _blank++;

    public SourcePosition Position(long line, int sourceIndex, string? name) => new(_source, line, sourceIndex + 1, name);

    public SourcePosition ChannelPosition(long line, int channel) => Position(line, _columns.ChannelIndexes[channel], _columns.Schema.Channels[channel].Name);

    /// <summary>Sorts and de-duplicates the rows accepted since the last flush and returns them with their report.</summary>
    public TelemetryBatch Flush()
    {
        var duplicates = new List<DuplicateRow>();
        TelemetryTable table = _builder.Build(duplicates);
        foreach (DuplicateRow duplicate in duplicates)
        {
            // Counts describe accepted rows only: a dropped duplicate is neither reordered nor holding missing values.
            _reordered -= _reorderedRows[duplicate.Row] ? 1 : 0;
            _missing -= _missingPerRow[duplicate.Row];
            _quarantinedByReason[(int)QuarantineReason.Duplicate]++;
            _quarantine.Add(new QuarantinedRow(
                Position(_lines[duplicate.Row], _columns.TimeIndex, _columns.Schema.TimeColumn),
                QuarantineReason.Duplicate,
                $"asset '{duplicate.AssetId}' at {_columns.Schema.FormatTime(duplicate.Time)} was already read at line {_lines[duplicate.KeptRow].ToString(CultureInfo.InvariantCulture)}"));
        }

        for (int a = 0; a < table.AssetCount; a++)
        {
            _watermarks[table.AssetIds[a]] = table.GetTimes(a)[^1];
        }

        _quarantine.Sort((x, y) => x.Position.Line.CompareTo(y.Position.Line));
        var report = new DataQualityReport([_source], _input, table.RowCount, _quarantinedByReason, _reordered, _missing, _blank);
        var batch = new TelemetryBatch(table, [.. _quarantine], report);
        StartBatch();
        return batch;
    }

    private void StartBatch()
    {
        _assets.Clear();
        _quarantine.Clear();
        _lines.Clear();
        _reorderedRows.Clear();
        _missingPerRow.Clear();
        _maxTimes.Clear();
        _watermarkOfCode.Clear();
        _idOfCode.Clear();
        _quarantinedByReason = new long[ReasonCount];
        _input = _reordered = _missing = _blank = 0;

        DateTimeOffset now = _options.TimeProvider.GetUtcNow();
        _futureLimit = _options.FutureTolerance is { } tolerance && now.UtcDateTime < DateTime.MaxValue - tolerance
            ? UnixTime.ToMicroseconds((now + tolerance).UtcDateTime)
            : long.MaxValue;
    }

    private int AddAsset(string id)
    {
        int code = _builder.GetOrAddAsset(id);
        _maxTimes.Add(long.MinValue);
        _watermarkOfCode.Add(_watermarks.TryGetValue(id, out long watermark) ? watermark : null);
        _idOfCode.Add(id);
        return code;
    }

    private string AssetIdOf(int code) => _idOfCode[code];

    private static string Format(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    private readonly record struct AssetState(int Code, QuarantineReason? Rejection);
}
