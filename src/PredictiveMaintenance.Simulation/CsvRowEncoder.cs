using System.Globalization;
using System.Text;

namespace PredictiveMaintenance.Simulation;

/// <summary>
/// Encodes rows as sent in the Azure telemetry layout, <c>datetime,machineID,volt,rotate,pressure,vibration</c>, into a
/// growing UTF-8 buffer: times as <c>yyyy-MM-dd HH:mm:ss</c> like the published file, values in shortest round-trip
/// form (they are rounded to 0.001 when generated), an empty field for a missing value.
/// </summary>
internal sealed class CsvRowEncoder : FleetSink
{
    public const string Header = "datetime,machineID,volt,rotate,pressure,vibration";
    public const string TimeFormat = "yyyy-MM-dd HH:mm:ss";

    private readonly byte[][] _assetIds;
    private readonly byte[] _timeBytes = new byte[32];
    private byte[] _buffer;
    private int _length;
    private long _cachedTime = long.MinValue;
    private int _timeLength;

    public CsvRowEncoder(IReadOnlyList<string> assetIds, int capacity = 1 << 16)
    {
        _assetIds = [.. assetIds.Select(Encoding.UTF8.GetBytes)];
        _buffer = new byte[Math.Max(capacity, 256)];
    }

    public long RowsWritten { get; private set; }

    public ReadOnlyMemory<byte> Written => _buffer.AsMemory(0, _length);

    public int Length => _length;

    public void WriteHeader() => Append(Encoding.UTF8.GetBytes(Header + "\n"));

    public void Clear() => _length = 0;

    /// <summary>Drops the first <paramref name="count"/> bytes, keeping the rest at the start of the buffer.</summary>
    public void Consume(int count)
    {
        _buffer.AsSpan(count, _length - count).CopyTo(_buffer);
        _length -= count;
    }

    public override void Row(int asset, long time, ReadOnlySpan<double> values, bool accepted)
    {
        // A row is at most a time, an id, four numbers and separators; reserve generously once.
        Reserve(64 + _assetIds[asset].Length + (values.Length * 32));
        Span<byte> line = _buffer.AsSpan(_length);
        int at = 0;
        if (time != _cachedTime)
        {
            UnixTime.ToDateTime(time).TryFormat(_timeBytes, out _timeLength, TimeFormat, CultureInfo.InvariantCulture);
            _cachedTime = time;
        }

        _timeBytes.AsSpan(0, _timeLength).CopyTo(line);
        at += _timeLength;
        line[at++] = (byte)',';
        _assetIds[asset].CopyTo(line[at..]);
        at += _assetIds[asset].Length;
        foreach (double value in values)
        {
            line[at++] = (byte)',';
            if (!double.IsNaN(value))
            {
                value.TryFormat(line[at..], out int written, default, CultureInfo.InvariantCulture);
                at += written;
            }
        }

        line[at++] = (byte)'\n';
        _length += at;
        RowsWritten++;
    }

    private void Append(ReadOnlySpan<byte> bytes)
    {
        Reserve(bytes.Length);
        bytes.CopyTo(_buffer.AsSpan(_length));
        _length += bytes.Length;
    }

    private void Reserve(int bytes)
    {
        if (_buffer.Length - _length < bytes)
        {
            Array.Resize(ref _buffer, Math.Max(_buffer.Length * 2, _length + bytes));
        }
    }
}
