using System.Globalization;

namespace PredictiveMaintenance.IO.Tests.Text;

/// <summary>
/// A read-only stream of Azure-schema CSV generated as it is read, so inputs of any size cost no memory.
/// Row i belongs to machine <c>i % machines</c> at hour <c>i / machines</c>; every millionth row is a truncated line.
/// Values cycle through pools formatted once, so generating costs little next to parsing.
/// </summary>
internal sealed class GeneratedCsvStream(long rows, int machines) : Stream
{
    public const long BadRowEvery = 1_000_000;
    private static readonly DateTime Start = new(2015, 1, 1, 0, 0, 0, DateTimeKind.Utc);
    private static readonly byte[][] Values = [.. Enumerable.Range(0, 4093).Select(k => System.Text.Encoding.ASCII.GetBytes(FormattableString.Invariant(
        $"{150 + (k * 7919 % 60000 / 1000.0):F3},{400 + (k * 104729 % 100000 / 1000.0):F6},{90 + (k * 1299709 % 40000 / 1000.0):F9},{35 + (k * 15485863 % 20000 / 1000.0):F12}\n")))];
    private readonly byte[] _hour = new byte[32];
    private long _hourOf = -1;
    private readonly byte[] _line = new byte[128];
    private int _lineLength;
    private int _lineOffset;
    private long _next = -1;

    /// <summary>Truncated lines in the whole stream.</summary>
    public long BadRows => rows / BadRowEvery;

    public long BytesRead { get; private set; }

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        int written = 0;
        while (written < buffer.Length)
        {
            if (_lineOffset == _lineLength && !NextLine())
            {
                break;
            }

            int n = Math.Min(buffer.Length - written, _lineLength - _lineOffset);
            _line.AsSpan(_lineOffset, n).CopyTo(buffer[written..]);
            _lineOffset += n;
            written += n;
        }

        BytesRead += written;
        return written;
    }

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    private bool NextLine()
    {
        if (_next >= rows)
        {
            return false;
        }

        Span<byte> line = _line;
        int n;
        if (_next < 0)
        {
            ReadOnlySpan<byte> header = "datetime,machineID,volt,rotate,pressure,vibration\n"u8;
            header.CopyTo(line);
            n = header.Length;
        }
        else if (_next % BadRowEvery == BadRowEvery - 1)
        {
            ReadOnlySpan<byte> truncated = "2015-01-01 00:00:00,1,170.5\n"u8;
            truncated.CopyTo(line);
            n = truncated.Length;
        }
        else
        {
            long i = _next;
            if (i / machines != _hourOf)
            {
                _hourOf = i / machines;
                Start.AddHours(_hourOf).TryFormat(_hour, out int hourLength, "yyyy-MM-dd HH:mm:ss,", CultureInfo.InvariantCulture);
                _hour[^1] = (byte)hourLength;
            }

            _hour.AsSpan(0, _hour[^1]).CopyTo(line);
            n = _hour[^1];
            ((i % machines) + 1).TryFormat(line[n..], out int idLength, default, CultureInfo.InvariantCulture);
            n += idLength;
            line[n++] = (byte)',';
            byte[] values = Values[i % Values.Length];
            values.CopyTo(line[n..]);
            n += values.Length;
        }

        _next++;
        _lineLength = n;
        _lineOffset = 0;
        return true;
    }
}
