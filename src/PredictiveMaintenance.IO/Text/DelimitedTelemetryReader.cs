using System.Buffers;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Unicode;

namespace PredictiveMaintenance.IO;

/// <summary>
/// Reads telemetry from delimited text (CSV, semicolon- or whitespace-separated, gzip or not) into cleaned
/// <see cref="TelemetryBatch"/>es: every record is accepted into the table or quarantined with its line, column and reason.
/// </summary>
/// <remarks>
/// <para>A reader reads its input once, with either <see cref="ReadAllAsync"/> or <see cref="ReadBatchesAsync"/>.</para>
/// <para>
/// A malformed file (empty, a header that lacks a mapped column or repeats a name, text that is not UTF-8 in the
/// header, an unclosed quote) throws <see cref="DataQualityException"/> or <see cref="SchemaException"/> naming the
/// file, line and column. A bad record only quarantines that record.
/// </para>
/// </remarks>
public sealed class DelimitedTelemetryReader : ITelemetryReader
{
    private readonly DelimitedRecordReader _records;
    private readonly DelimitedTextOptions _options;
    private bool _started;

    /// <summary>Creates a reader over a stream.</summary>
    /// <param name="stream">UTF-8 text, or gzip of it.</param>
    /// <param name="options">How to read it.</param>
    /// <param name="sourceName">The name used in positions and messages, such as the file name.</param>
    /// <param name="leaveOpen">Whether disposing the reader leaves <paramref name="stream"/> open.</param>
    public DelimitedTelemetryReader(Stream stream, DelimitedTextOptions options, string sourceName, bool leaveOpen = false)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentException.ThrowIfNullOrEmpty(sourceName);
        options.Validate();
        _options = options;
        _records = new DelimitedRecordReader(stream, sourceName, options.Delimiter, leaveOpen);
    }

    /// <summary>The source name used in positions and messages.</summary>
    public string Source => _records.Source;

    /// <summary>Opens a file for reading.</summary>
    /// <param name="path">The file; gzip-compressed or not.</param>
    /// <param name="options">How to read it.</param>
    public static DelimitedTelemetryReader Open(string path, DelimitedTextOptions options)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1, FileOptions.Asynchronous | FileOptions.SequentialScan);
        return new DelimitedTelemetryReader(file, options, path);
    }

    /// <summary>Reads the whole input as one batch, sorted and de-duplicated as a whole.</summary>
    /// <param name="cancellationToken">Cancels the read.</param>
    public async Task<TelemetryBatch> ReadAllAsync(CancellationToken cancellationToken = default)
    {
        TelemetryBatch? all = null;
        await foreach (TelemetryBatch batch in ReadAsync(int.MaxValue, cancellationToken).ConfigureAwait(false))
        {
            all = batch;
        }

        return all!;
    }

    /// <summary>
    /// Reads the input in batches of <see cref="DelimitedTextOptions.BatchRows"/> rows, so memory stays bounded by the
    /// batch size however large the input. Each batch is sorted and de-duplicated; a row at or before a time of its
    /// asset accepted in an earlier batch is quarantined (<see cref="QuarantineReason.OutOfOrder"/> or
    /// <see cref="QuarantineReason.Duplicate"/>). At least one batch is returned.
    /// </summary>
    /// <param name="cancellationToken">Cancels the read.</param>
    public IAsyncEnumerable<TelemetryBatch> ReadBatchesAsync(CancellationToken cancellationToken = default) =>
        ReadAsync(_options.BatchRows, cancellationToken);

    /// <inheritdoc/>
    public ValueTask DisposeAsync() => _records.DisposeAsync();

    private async IAsyncEnumerable<TelemetryBatch> ReadAsync(int batchRows, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        if (_started)
        {
            throw new InvalidOperationException("A reader reads its input once; open a new reader to read it again.");
        }

        _started = true;
        long blankLinesBeforeHeader = await _records.SkipToFirstRecordAsync(_options.HasHeader, cancellationToken).ConfigureAwait(false);
        // A bounded batch size sizes the builder once; reading everything in one batch grows it as needed.
        var parser = new RecordParser(_records, _options, ResolveColumns(), batchRows == int.MaxValue ? 0 : batchRows);
        for (long i = 0; i < blankLinesBeforeHeader; i++)
        {
            parser.Cleaner.CountBlankLine();
        }

        if (!_options.HasHeader)
        {
            parser.Parse();
        }

        bool yielded = false;
        do
        {
            while (_records.TryReadRecord())
            {
                parser.Parse();
                if (parser.Cleaner.PendingRows >= batchRows)
                {
                    yielded = true;
                    yield return parser.Flush();
                }
            }
        }
        while (await _records.FillAsync(cancellationToken).ConfigureAwait(false));

        if (!yielded || parser.Cleaner.PendingRows > 0)
        {
            yield return parser.Flush();
        }
    }

    private ResolvedTelemetryColumns ResolveColumns()
    {
        int count = _records.FieldCount;
        string[]? header = _options.HasHeader ? _records.ReadHeader() : null;
        try
        {
            return _options.Columns.Resolve(header, count, FormattableString.Invariant($"{Source}, line {_records.Line}"));
        }
        catch (SchemaException e) when (count == 1 && DelimiterHint(_records.Record) is { } hint)
        {
            throw new SchemaException($"{e.Message} The line has one field but contains {hint}: is the delimiter {hint} rather than {_options.Delimiter}?", e);
        }
    }

    private string? DelimiterHint(ReadOnlySpan<byte> line)
    {
        foreach (char candidate in ",;\t|")
        {
            if (candidate != _options.Delimiter.Character && line.Contains((byte)candidate))
            {
                return candidate == '\t' ? "tab" : $"'{candidate}'";
            }
        }

        return _options.Delimiter.IsWhitespace || !line.Contains((byte)' ') ? null : "whitespace";
    }

    /// <summary>Turns the current record into a row for the cleaner, or a quarantine entry.</summary>
    private sealed class RecordParser
    {
        private readonly DelimitedRecordReader _records;
        private readonly ResolvedTelemetryColumns _columns;
        private readonly TimeField _time;
        private readonly int[] _channelFields;
        private readonly double[] _values;
        private readonly bool[] _missing;
        private readonly byte[] _lastAsset = new byte[64];
        private char[] _chars = new char[64];
        private int _lastAssetLength;
        private int _lastAssetCode = -1;

        public RecordParser(DelimitedRecordReader records, DelimitedTextOptions options, ResolvedTelemetryColumns columns, int batchRows)
        {
            _records = records;
            _columns = columns;
            _time = new TimeField(columns.Schema.TimeKind, options.TimestampFormat);
            _channelFields = [.. columns.ChannelIndexes];
            _values = new double[_channelFields.Length];
            _missing = new bool[_channelFields.Length];
            Cleaner = new TelemetryCleaner(columns, options.DataQuality, records.Source, batchRows);
        }

        public TelemetryCleaner Cleaner { get; }

        /// <summary>Returns the batch so far; asset codes start again, so the cached last asset is forgotten.</summary>
        public TelemetryBatch Flush()
        {
            _lastAssetCode = -1;
            return Cleaner.Flush();
        }

        public void Parse()
        {
            DelimitedRecordReader r = _records;
            long line = r.Line;
            if (r.FieldCount == 0)
            {
                Cleaner.CountBlankLine();
                return;
            }

            if (r.FieldCount != _columns.SourceColumnCount)
            {
                Cleaner.Reject(new SourcePosition(r.Source, line), QuarantineReason.WrongFieldCount,
                    FormattableString.Invariant($"expected {_columns.SourceColumnCount} fields, found {r.FieldCount}"), r.Record);
                return;
            }

            int assetCode = _columns.AssetIndex < 0
                ? Cleaner.ResolveAsset(_columns.ConstantAssetId!, line, r.Record)
                : ResolveAsset(Utf8Parsing.TrimBlanks(r.Field(_columns.AssetIndex)), line);
            if (assetCode < 0)
            {
                return;
            }

            ReadOnlySpan<byte> timeField = r.Field(_columns.TimeIndex);
            if (!_time.TryParse(timeField, out long time))
            {
                Cleaner.Reject(Cleaner.Position(line, _columns.TimeIndex, _columns.Schema.TimeColumn), QuarantineReason.UnparsableTime,
                    $"'{Encoding.UTF8.GetString(timeField)}' is not {_time.Expected}", r.Record);
                return;
            }

            for (int c = 0; c < _channelFields.Length; c++)
            {
                ReadOnlySpan<byte> field = r.Field(_channelFields[c]);
                if (Utf8Parsing.TrimBlanks(field).IsEmpty)
                {
                    _missing[c] = true;
                    _values[c] = double.NaN;
                }
                else if (Utf8Parsing.TryParseDouble(field, out _values[c]))
                {
                    _missing[c] = false;
                }
                else
                {
                    Cleaner.Reject(Cleaner.ChannelPosition(line, c), QuarantineReason.UnparsableValue,
                        $"'{Encoding.UTF8.GetString(field)}' is not a number", r.Record);
                    return;
                }
            }

            Cleaner.Accept(assetCode, time, _values, _missing, line, r.Record);
        }

        private int ResolveAsset(ReadOnlySpan<byte> field, long line)
        {
            // Files are usually grouped by asset: a repeat of the previous row's id needs no decoding or hashing.
            if (_lastAssetCode >= 0 && field.SequenceEqual(_lastAsset.AsSpan(0, _lastAssetLength)))
            {
                return _lastAssetCode;
            }

            int code = DecodeAndResolveAsset(field, line);
            if (code >= 0 && field.Length <= _lastAsset.Length)
            {
                field.CopyTo(_lastAsset);
                _lastAssetLength = field.Length;
            }

            _lastAssetCode = field.Length <= _lastAsset.Length ? code : -1;
            return code;
        }

        private int DecodeAndResolveAsset(ReadOnlySpan<byte> field, long line)
        {
            SourcePosition position = Cleaner.Position(line, _columns.AssetIndex, _columns.Schema.AssetColumn);
            if (field.IsEmpty)
            {
                Cleaner.Reject(position, QuarantineReason.InvalidAssetId, "the asset id is empty", _records.Record);
                return -1;
            }

            if (_chars.Length < field.Length)
            {
                _chars = new char[field.Length];
            }

            if (Utf8.ToUtf16(field, _chars, out _, out int written, replaceInvalidSequences: false) != OperationStatus.Done)
            {
                Cleaner.Reject(position, QuarantineReason.InvalidAssetId, "the asset id is not valid UTF-8", _records.Record);
                return -1;
            }

            return Cleaner.ResolveAsset(_chars.AsSpan(0, written), line, _records.Record);
        }
    }
}
