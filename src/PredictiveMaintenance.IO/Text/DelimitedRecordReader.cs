using System.IO.Compression;
using System.Runtime.CompilerServices;
using System.Text;

namespace PredictiveMaintenance.IO;

/// <summary>
/// Splits UTF-8 delimited text into records and fields, in bounded memory, without decoding to UTF-16.
/// </summary>
/// <remarks>
/// Use: <c>while (await FillAsync()) while (TryReadRecord()) { ... }</c>. Records are found in a buffer that only
/// grows when one record does not fit (up to <see cref="MaxRecordBytes"/>), so memory does not depend on file size.
/// Records without quotes, the common case, take a fast path of vectorized searches; a record with a quote goes
/// through the full state machine, which also handles quoted line breaks. Gzip input is recognised by its first two
/// bytes and decompressed on the fly, so a <c>.csv.gz</c> needs no option and a misnamed file still reads.
/// </remarks>
internal sealed class DelimitedRecordReader : IAsyncDisposable
{
    internal const int MaxRecordBytes = 64 << 20;
    private const byte Quote = (byte)'"';
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);
    private const int InitialBufferBytes = 1 << 20;

    private Stream _stream;
    private bool _leaveOpen;
    private readonly string _source;
    private readonly byte _delimiter;
    private byte[] _buffer;
    private int _start;
    private int _end;
    private bool _endOfStream;
    private bool _startOfStream = true;
    private long _nextLine = 1;
    private int[] _fieldStarts = new int[32];
    private int[] _fieldLengths = new int[32];
    private bool[] _fieldInScratch = new bool[32];
    private byte[] _scratch = new byte[256];
    private int _scratchLength;
    private int _recordStart;
    private int _recordLength;

    public DelimitedRecordReader(Stream stream, string source, FieldDelimiter delimiter, bool leaveOpen, int initialBufferBytes = InitialBufferBytes)
    {
        _stream = stream;
        _source = source;
        _delimiter = delimiter.Character;
        _leaveOpen = leaveOpen;
        _buffer = new byte[initialBufferBytes];
    }

    /// <summary>The source name used in positions and messages.</summary>
    public string Source => _source;

    /// <summary>The line on which the current record starts (1-based).</summary>
    public long Line { get; private set; }

    /// <summary>Number of fields in the current record; 0 for a blank line.</summary>
    public int FieldCount { get; private set; }

    /// <summary>The current record's bytes, without its line break.</summary>
    public ReadOnlySpan<byte> Record => _buffer.AsSpan(_recordStart, _recordLength);

    /// <summary>Field <paramref name="index"/> of the current record, unquoted and unescaped.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ReadOnlySpan<byte> Field(int index) =>
        (_fieldInScratch[index] ? _scratch : _buffer).AsSpan(_fieldStarts[index], _fieldLengths[index]);

    /// <summary>Reads more input. Returns false once the input is exhausted and every record has been read.</summary>
    public async ValueTask<bool> FillAsync(CancellationToken cancellationToken)
    {
        if (_endOfStream)
        {
            return _start < _end;
        }

        if (_start > 0)
        {
            Buffer.BlockCopy(_buffer, _start, _buffer, 0, _end - _start);
            _end -= _start;
            _start = 0;
        }
        else if (_end == _buffer.Length)
        {
            if (_buffer.Length >= MaxRecordBytes)
            {
                throw new DataQualityException(new SourcePosition(_source, _nextLine), FormattableString.Invariant(
                    $"a record is longer than {MaxRecordBytes >> 20} MiB without a line break; is this a delimited text file?"));
            }

            Array.Resize(ref _buffer, _buffer.Length * 2);
        }

        int read = await _stream.ReadAsync(_buffer.AsMemory(_end), cancellationToken).ConfigureAwait(false);
        _end += read;
        _endOfStream = read == 0;
        if (_startOfStream && _end >= 2 && _buffer[0] == 0x1F && _buffer[1] == 0x8B)
        {
            // Gzip magic (RFC 1952): replay what was read through a decompressor.
            _stream = new GZipStream(new PrefixedStream(_buffer.AsSpan(0, _end).ToArray(), _stream, _leaveOpen), CompressionMode.Decompress);
            _leaveOpen = false;
            _end = 0;
            _endOfStream = false;
            return true;
        }

        if (_startOfStream && (_end >= 3 || _endOfStream))
        {
            _startOfStream = false;
            SkipByteOrderMark();
        }

        return _start < _end || !_endOfStream;
    }

    /// <summary>
    /// Moves to the next record in the buffer. Returns false when the buffer holds no complete record; call
    /// <see cref="FillAsync"/> then. At the end of the input the last line needs no line break.
    /// </summary>
    public bool TryReadRecord()
    {
        if (_startOfStream || _start >= _end)
        {
            return false;
        }

        ReadOnlySpan<byte> rest = _buffer.AsSpan(_start, _end - _start);
        int newline = rest.IndexOf((byte)'\n');
        if (newline < 0 && !_endOfStream)
        {
            return false;
        }

        int lineLength = newline < 0 ? rest.Length : newline;
        ReadOnlySpan<byte> line = rest[..lineLength];
        if (line.Contains(Quote))
        {
            return TryReadQuotedRecord();
        }

        int contentLength = lineLength > 0 && line[lineLength - 1] == '\r' ? lineLength - 1 : lineLength;
        _recordStart = _start;
        _recordLength = contentLength;
        _scratchLength = 0;
        if (_delimiter == 0)
        {
            SplitOnBlanks(_start, contentLength);
        }
        else
        {
            SplitOnDelimiter(_start, contentLength);
        }

        Line = _nextLine++;
        _start += newline < 0 ? lineLength : lineLength + 1;
        return true;
    }

    /// <summary>
    /// Moves to the first record that is not a blank line: the header, or the first data record. Returns how many
    /// blank lines came before it.
    /// </summary>
    /// <exception cref="DataQualityException">The input has no record.</exception>
    public async ValueTask<long> SkipToFirstRecordAsync(bool hasHeader, CancellationToken cancellationToken)
    {
        long blankLines = 0;
        while (true)
        {
            if (TryReadRecord())
            {
                if (FieldCount > 0)
                {
                    return blankLines;
                }

                blankLines++;
            }
            else if (!await FillAsync(cancellationToken).ConfigureAwait(false))
            {
                throw new DataQualityException(new SourcePosition(_source, 1), hasHeader
                    ? "the input is empty: expected a header line"
                    : "the input is empty: expected at least one record");
            }
        }
    }

    /// <summary>Reads the current record as a header: strict UTF-8, names trimmed of blanks, no name twice.</summary>
    /// <exception cref="DataQualityException">A name is not valid UTF-8.</exception>
    /// <exception cref="SchemaException">A name appears twice.</exception>
    public string[] ReadHeader()
    {
        string[] header = new string[FieldCount];
        for (int i = 0; i < header.Length; i++)
        {
            try
            {
                header[i] = StrictUtf8.GetString(Utf8Parsing.TrimBlanks(Field(i)));
            }
            catch (DecoderFallbackException e)
            {
                throw new DataQualityException(new SourcePosition(_source, Line, i + 1), "the header is not valid UTF-8 text; is this a text file?", e);
            }

            int first = Array.IndexOf(header, header[i], 0, i);
            if (first >= 0)
            {
                throw new SchemaException(FormattableString.Invariant(
                    $"{_source}, line {Line}: the header names column '{header[i]}' twice (columns {first + 1} and {i + 1})."));
            }
        }

        return header;
    }

    public ValueTask DisposeAsync() => _leaveOpen ? ValueTask.CompletedTask : _stream.DisposeAsync();

    private void SplitOnDelimiter(int start, int length)
    {
        FieldCount = 0;
        if (IsBlank(_buffer.AsSpan(start, length)))
        {
            return;
        }

        ReadOnlySpan<byte> rest = _buffer.AsSpan(start, length);
        int offset = start;
        while (true)
        {
            int next = rest.IndexOf(_delimiter);
            int fieldLength = next < 0 ? rest.Length : next;
            AddField(offset, fieldLength, inScratch: false);
            if (next < 0)
            {
                return;
            }

            offset += next + 1;
            rest = rest[(next + 1)..];
        }
    }

    private void SplitOnBlanks(int start, int length)
    {
        FieldCount = 0;
        ReadOnlySpan<byte> line = _buffer.AsSpan(start, length);
        int i = 0;
        while (true)
        {
            while (i < line.Length && IsBlankByte(line[i]))
            {
                i++;
            }

            if (i == line.Length)
            {
                return;
            }

            int fieldStart = i;
            while (i < line.Length && !IsBlankByte(line[i]))
            {
                i++;
            }

            AddField(start + fieldStart, i - fieldStart, inScratch: false);
        }
    }

    /// <summary>The full state machine: fields may be quoted, quotes doubled inside, and line breaks quoted.</summary>
    private bool TryReadQuotedRecord()
    {
        ReadOnlySpan<byte> data = _buffer.AsSpan(_start, _end - _start);
        FieldCount = 0;
        _scratchLength = 0;
        int i = 0;
        int newlinesInside = 0;
        bool whitespace = _delimiter == 0;
        while (true)
        {
            if (whitespace)
            {
                while (i < data.Length && IsBlankByte(data[i]))
                {
                    i++;
                }

                if (i == data.Length || data[i] == '\n' || (data[i] == '\r' && i + 1 < data.Length && data[i + 1] == '\n'))
                {
                    break;
                }
            }

            if (i < data.Length && data[i] == Quote)
            {
                int quoteAt = i;
                int scratchStart = _scratchLength;
                i++;
                while (true)
                {
                    int close = data[i..].IndexOf(Quote);
                    if (close < 0)
                    {
                        if (!_endOfStream)
                        {
                            return false;
                        }

                        throw new DataQualityException(
                            new SourcePosition(_source, _nextLine + CountNewlines(data[..quoteAt]), FieldCount + 1),
                            "a quoted field is not closed before the end of the input");
                    }

                    AppendScratch(data.Slice(i, close));
                    newlinesInside += CountNewlines(data.Slice(i, close));
                    i += close + 1;
                    if (i < data.Length && data[i] == Quote)
                    {
                        AppendScratch([Quote]);
                        i++;
                        continue;
                    }

                    if (i == data.Length && !_endOfStream)
                    {
                        return false;
                    }

                    break;
                }

                // Text after the closing quote and before the delimiter is kept, as Python's csv module does.
                while (i < data.Length && data[i] != '\n' && data[i] != '\r' && !IsSeparator(data[i]))
                {
                    AppendScratch(data.Slice(i, 1));
                    i++;
                }

                AddField(scratchStart, _scratchLength - scratchStart, inScratch: true);
            }
            else
            {
                int fieldStart = i;
                while (i < data.Length && data[i] != '\n' && !IsSeparator(data[i]))
                {
                    i++;
                }

                int fieldEnd = i > fieldStart && data[i - 1] == '\r' && (i == data.Length || data[i] == '\n') ? i - 1 : i;
                AddField(_start + fieldStart, fieldEnd - fieldStart, inScratch: false);
            }

            if (i < data.Length && data[i] == '\r' && i + 1 < data.Length && data[i + 1] == '\n')
            {
                i++;
            }

            if (i == data.Length)
            {
                if (!_endOfStream)
                {
                    return false;
                }

                break;
            }

            if (data[i] == '\n')
            {
                break;
            }

            i++;
            if (!whitespace && i == data.Length && _endOfStream)
            {
                AddField(_start + i, 0, inScratch: false);
                break;
            }
        }

        int recordEnd = i;
        int contentEnd = recordEnd > 0 && recordEnd <= data.Length && data[recordEnd - 1] == '\r' ? recordEnd - 1 : recordEnd;
        _recordStart = _start;
        _recordLength = contentEnd;
        Line = _nextLine;
        _nextLine += 1 + newlinesInside;
        _start += recordEnd < data.Length ? recordEnd + 1 : recordEnd;
        return true;
    }

    private void AddField(int start, int length, bool inScratch)
    {
        if (FieldCount == _fieldStarts.Length)
        {
            Array.Resize(ref _fieldStarts, FieldCount * 2);
            Array.Resize(ref _fieldLengths, FieldCount * 2);
            Array.Resize(ref _fieldInScratch, FieldCount * 2);
        }

        _fieldStarts[FieldCount] = start;
        _fieldLengths[FieldCount] = length;
        _fieldInScratch[FieldCount] = inScratch;
        FieldCount++;
    }

    private void AppendScratch(ReadOnlySpan<byte> bytes)
    {
        if (_scratchLength + bytes.Length > _scratch.Length)
        {
            Array.Resize(ref _scratch, Math.Max(_scratch.Length * 2, _scratchLength + bytes.Length));
        }

        bytes.CopyTo(_scratch.AsSpan(_scratchLength));
        _scratchLength += bytes.Length;
    }

    private void SkipByteOrderMark()
    {
        ReadOnlySpan<byte> head = _buffer.AsSpan(_start, _end - _start);
        if (head.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]))
        {
            _start += 3;
        }
        else if (head.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFE]) || head.StartsWith((ReadOnlySpan<byte>)[0xFE, 0xFF]))
        {
            throw new DataQualityException(new SourcePosition(_source, 1), "the text is UTF-16 (it starts with a UTF-16 byte-order mark); save it as UTF-8");
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private bool IsSeparator(byte b) => _delimiter == 0 ? IsBlankByte(b) : b == _delimiter;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool IsBlankByte(byte b) => b == ' ' || b == '\t';

    private static bool IsBlank(ReadOnlySpan<byte> line) => line.IndexOfAnyExcept((byte)' ', (byte)'\t') < 0;

    private static int CountNewlines(ReadOnlySpan<byte> bytes) => bytes.Count((byte)'\n');
}
