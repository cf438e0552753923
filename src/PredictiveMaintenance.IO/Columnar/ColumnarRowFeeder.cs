namespace PredictiveMaintenance.IO;

/// <summary>The mapped columns of one piece of a columnar source: a row group, a record batch, a DataFrame.</summary>
/// <param name="RowCount">Rows in the piece.</param>
/// <param name="Asset">The asset column, or null when the mapping gives every row the same asset.</param>
/// <param name="Time">The time column.</param>
/// <param name="Channels">The channel columns, in schema order.</param>
internal sealed record ColumnarChunk(int RowCount, AssetColumn? Asset, TimeColumn Time, IReadOnlyList<ChannelColumn> Channels);

/// <summary>
/// Hands the rows of columnar sources to a <see cref="TelemetryCleaner"/>, so Parquet, Arrow, DataFrame and IDataView
/// input is cleaned exactly as text is: each row is accepted or quarantined, and the line of a row is its 1-based row
/// number in the whole input.
/// </summary>
/// <remarks>
/// Columns are converted a block of rows at a time into reused buffers (one type test per column and block, not per
/// value), then rows are assembled from the blocks for the cleaner, which takes one row at a time.
/// </remarks>
internal sealed class ColumnarRowFeeder
{
    private const int BlockRows = 4096;
    private readonly ResolvedTelemetryColumns _columns;
    private readonly int[] _codes = new int[BlockRows];
    private readonly long[] _times = new long[BlockRows];
    private readonly bool[] _timeValid = new bool[BlockRows];
    private readonly double[][] _values;
    private readonly bool[][] _missing;
    private readonly double[] _row;
    private readonly bool[] _rowMissing;
    private long _nextLine = 1;

    /// <summary>Creates a feeder whose cleaner makes room for <paramref name="capacity"/> rows, when the source knows its size.</summary>
    public ColumnarRowFeeder(ResolvedTelemetryColumns columns, DataQualityOptions options, string source, int capacity = 0)
    {
        _columns = columns;
        int channels = columns.ChannelIndexes.Count;
        _values = [.. Enumerable.Range(0, channels).Select(_ => new double[BlockRows])];
        _missing = [.. Enumerable.Range(0, channels).Select(_ => new bool[BlockRows])];
        _row = new double[channels];
        _rowMissing = new bool[channels];
        Cleaner = new TelemetryCleaner(columns, options, source, capacity);
    }

    /// <summary>The cleaner the rows go to; flush it to get a batch.</summary>
    public TelemetryCleaner Cleaner { get; }

    /// <summary>Hands every row of <paramref name="chunk"/> to the cleaner; its first row follows the last row fed before.</summary>
    public void Feed(ColumnarChunk chunk)
    {
        TelemetrySchema schema = _columns.Schema;
        for (int start = 0; start < chunk.RowCount; start += BlockRows)
        {
            int count = Math.Min(BlockRows, chunk.RowCount - start);
            Span<int> codes = _codes.AsSpan(0, count);
            if (chunk.Asset is { } asset)
            {
                asset.Resolve(start, codes, _nextLine, this);
            }
            else
            {
                for (int i = 0; i < count; i++)
                {
                    codes[i] = Cleaner.ResolveAsset(_columns.ConstantAssetId!, _nextLine + i, default);
                }
            }

            chunk.Time.Read(start, _times.AsSpan(0, count), _timeValid.AsSpan(0, count));
            for (int c = 0; c < _values.Length; c++)
            {
                chunk.Channels[c].Read(start, _values[c].AsSpan(0, count), _missing[c].AsSpan(0, count));
            }

            for (int i = 0; i < count; i++)
            {
                long line = _nextLine + i;
                if (codes[i] < 0)
                {
                    continue;
                }

                if (!_timeValid[i])
                {
                    Cleaner.Reject(Cleaner.Position(line, _columns.TimeIndex, schema.TimeColumn), QuarantineReason.UnparsableTime, chunk.Time.Describe(start + i), default);
                    continue;
                }

                for (int c = 0; c < _row.Length; c++)
                {
                    _row[c] = _values[c][i];
                    _rowMissing[c] = _missing[c][i];
                }

                Cleaner.Accept(codes[i], _times[i], _row, _rowMissing, line, default);
            }

            _nextLine += count;
        }
    }

    /// <summary>Returns the cleaner's code for an asset id, quarantining the row (-1) when the id is empty or not acceptable.</summary>
    public int ResolveAsset(long line, ReadOnlySpan<char> id) =>
        id.IsEmpty ? RejectAsset(line, "the asset id is empty") : Cleaner.ResolveAsset(id, line, default);

    /// <summary>Quarantines a row whose asset id is null; returns -1.</summary>
    public int RejectNullAsset(long line) => RejectAsset(line, "the asset id is null");

    /// <summary>Quarantines a row whose asset id cannot be used; returns -1.</summary>
    public int RejectAsset(long line, string detail)
    {
        Cleaner.Reject(Cleaner.Position(line, _columns.AssetIndex, _columns.Schema.AssetColumn), QuarantineReason.InvalidAssetId, detail, default);
        return -1;
    }
}
