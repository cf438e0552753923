namespace PredictiveMaintenance.Simulation;

/// <summary>A read-only, forward-only stream of the telemetry CSV, generating one reading time of the fleet when it runs dry.</summary>
internal sealed class SimulatedCsvStream : Stream
{
    private readonly FleetEngine _engine;
    private readonly CsvRowEncoder _encoder;
    private readonly int _steps;
    private int _nextStep;
    private int _offset;
    private long _position;

    public SimulatedCsvStream(FleetEngine engine, int steps)
    {
        _engine = engine;
        _steps = steps;
        _encoder = new CsvRowEncoder(engine.AssetIds, engine.AssetCount * 64);
        _encoder.WriteHeader();
    }

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException("The simulated CSV is generated as it is read; its length is not known in advance.");

    public override long Position
    {
        get => _position;
        set => throw new NotSupportedException("The simulated CSV is read forward only.");
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        while (_offset == _encoder.Length)
        {
            if (_nextStep == _steps)
            {
                return 0;
            }

            _encoder.Clear();
            _offset = 0;
            _engine.Step(_nextStep++, _encoder);
        }

        int n = Math.Min(buffer.Length, _encoder.Length - _offset);
        _encoder.Written.Span.Slice(_offset, n).CopyTo(buffer);
        _offset += n;
        _position += n;
        return n;
    }

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return ValueTask.FromResult(Read(buffer.Span));
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException("The simulated CSV is read forward only.");

    public override void SetLength(long value) => throw new NotSupportedException("The simulated CSV is read-only.");

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException("The simulated CSV is read-only.");
}
