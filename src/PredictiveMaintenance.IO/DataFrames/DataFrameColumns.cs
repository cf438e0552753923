using System.Numerics;
using Microsoft.Data.Analysis;

namespace PredictiveMaintenance.IO;

/// <summary>
/// Turns the mapped columns of a <see cref="DataFrame"/> into the decoders of <see cref="ColumnarRowFeeder"/>, reading
/// the columns' buffers in place (a long column may be held in several buffers; each is one piece).
/// </summary>
internal static class DataFrameColumns
{
    /// <summary>The mapped columns of <paramref name="frame"/>.</summary>
    /// <exception cref="SchemaException">A mapped column is of a type its role cannot take.</exception>
    public static ColumnarChunk Read(DataFrame frame, ResolvedTelemetryColumns columns, string source)
    {
        long rows = frame.Rows.Count;
        if (rows > Array.MaxLength)
        {
            throw new SchemaException(FormattableString.Invariant($"{source}: the frame has {rows} rows; a telemetry table holds at most {Array.MaxLength}."));
        }

        SchemaException Unsupported(int index) =>
            ColumnarSource.UnsupportedType(columns, index, frame.Columns[index].Name, NumberTypes.NameOf(frame.Columns[index].DataType), source);

        AssetColumn? asset = null;
        if (columns.AssetIndex >= 0)
        {
            DataFrameColumn column = frame.Columns[columns.AssetIndex];
            asset = column switch
            {
                StringDataFrameColumn strings => new StringColumn(strings),
                ArrowStringDataFrameColumn strings => Utf8Pieces(strings),
                _ => TryVisit(column, NumberColumnVisitors.Asset, out IReadOnlyList<(int, AssetColumn?)> pieces) && pieces.All(p => p.Item2 is not null)
                    ? AssetColumn.Concat([.. pieces.Select(p => (p.Item1, p.Item2!))])
                    : throw Unsupported(columns.AssetIndex),
            };
        }

        DataFrameColumn timeColumn = frame.Columns[columns.TimeIndex];
        bool cycles = columns.Schema.TimeKind == TimeKind.Cycle;
        TimeColumn time = timeColumn switch
        {
            PrimitiveDataFrameColumn<DateTime> dates when !cycles => TimeColumn.Concat(Pieces(dates, (v, n) => TimeColumn.DateTimes(v, n, refuseLocal: true))),
            PrimitiveDataFrameColumn<DateTimeOffset> dates when !cycles => TimeColumn.Concat(Pieces(dates, TimeColumn.DateTimeOffsets)),
            _ when (cycles ? NumberTypes.IsInteger(timeColumn.DataType) : timeColumn.DataType == typeof(long))
                && TryVisit(timeColumn, NumberColumnVisitors.Time(1, 1, cycles ? string.Empty : "microseconds", columns.Schema.TimeKind), out IReadOnlyList<(int, TimeColumn?)> pieces)
                => TimeColumn.Concat([.. pieces.Select(p => (p.Item1, p.Item2!))]),
            _ => throw Unsupported(columns.TimeIndex),
        };

        var channels = new ChannelColumn[columns.ChannelIndexes.Count];
        for (int c = 0; c < channels.Length; c++)
        {
            int index = columns.ChannelIndexes[c];
            channels[c] = TryVisit(frame.Columns[index], NumberColumnVisitors.Channel(), out IReadOnlyList<(int, ChannelColumn)> pieces)
                ? ChannelColumn.Concat(pieces)
                : throw Unsupported(index);
        }

        return new ColumnarChunk((int)rows, asset, time, channels);
    }

    private static bool TryVisit<TResult>(DataFrameColumn column, INumberColumnVisitor<TResult> visitor, out IReadOnlyList<(int Rows, TResult Column)> pieces)
    {
        pieces = column switch
        {
            PrimitiveDataFrameColumn<sbyte> c => Pieces(c, visitor.VisitInteger),
            PrimitiveDataFrameColumn<byte> c => Pieces(c, visitor.VisitInteger),
            PrimitiveDataFrameColumn<short> c => Pieces(c, visitor.VisitInteger),
            PrimitiveDataFrameColumn<ushort> c => Pieces(c, visitor.VisitInteger),
            PrimitiveDataFrameColumn<int> c => Pieces(c, visitor.VisitInteger),
            PrimitiveDataFrameColumn<uint> c => Pieces(c, visitor.VisitInteger),
            PrimitiveDataFrameColumn<long> c => Pieces(c, visitor.VisitInteger),
            PrimitiveDataFrameColumn<ulong> c => Pieces(c, visitor.VisitInteger),
            PrimitiveDataFrameColumn<float> c => Pieces(c, visitor.VisitFloatingPoint),
            PrimitiveDataFrameColumn<double> c => Pieces(c, visitor.VisitFloatingPoint),
            PrimitiveDataFrameColumn<decimal> c => Pieces(c, visitor.VisitFloatingPoint),
            _ => [],
        };
        return pieces.Count > 0 || column.Length == 0 && NumberTypes.TryVisit(column.DataType, AnyNumber.Instance, out _);
    }

    /// <summary>One decoder per buffer of a primitive column, each with the validity bitmap of its buffer.</summary>
    private static List<(int Rows, TResult Column)> Pieces<T, TResult>(PrimitiveDataFrameColumn<T> column, Func<ReadOnlyMemory<T>, Validity, TResult> make)
        where T : unmanaged
    {
        var pieces = new List<(int Rows, TResult Column)>();
        using IEnumerator<ReadOnlyMemory<byte>> bitmaps = column.GetReadOnlyNullBitMapBuffers().GetEnumerator();
        foreach (ReadOnlyMemory<T> values in column.GetReadOnlyDataBuffers())
        {
            bitmaps.MoveNext();
            if (values.Length > 0)
            {
                pieces.Add((values.Length, make(values, column.NullCount == 0 ? default : new Validity(bitmaps.Current))));
            }
        }

        return pieces;
    }

    private static AssetColumn Utf8Pieces(ArrowStringDataFrameColumn column)
    {
        var pieces = new List<(int Rows, AssetColumn Column)>();
        using IEnumerator<ReadOnlyMemory<int>> offsets = column.GetReadOnlyOffsetsBuffers().GetEnumerator();
        using IEnumerator<ReadOnlyMemory<byte>> bitmaps = column.GetReadOnlyNullBitMapBuffers().GetEnumerator();
        foreach (ReadOnlyMemory<byte> data in column.GetReadOnlyDataBuffers())
        {
            offsets.MoveNext();
            bitmaps.MoveNext();
            ReadOnlyMemory<int> starts = offsets.Current;
            var validity = new Validity(column.NullCount == 0 ? ReadOnlyMemory<byte>.Empty : bitmaps.Current);
            int rows = Math.Max(starts.Length - 1, 0);
            if (rows > 0)
            {
                pieces.Add((rows, AssetColumn.Create((int i, out bool isNull) =>
                {
                    isNull = !validity.IsValid(i);
                    ReadOnlySpan<int> bounds = starts.Span;
                    return data.Span[bounds[i]..bounds[i + 1]];
                })));
            }
        }

        return AssetColumn.Concat(pieces);
    }

    private sealed class AnyNumber : INumberTypeVisitor<bool>
    {
        public static AnyNumber Instance { get; } = new();

        public bool VisitInteger<T>()
            where T : struct, IBinaryInteger<T> => true;

        public bool VisitFloatingPoint<T>()
            where T : struct, IFloatingPoint<T> => true;
    }

    /// <summary>A <see cref="StringDataFrameColumn"/>: a list of strings, read by index.</summary>
    private sealed class StringColumn(StringDataFrameColumn column) : AssetColumn
    {
        public override void Resolve(int start, Span<int> codes, long firstLine, ColumnarRowFeeder feeder)
        {
            for (int i = 0; i < codes.Length; i++)
            {
                codes[i] = column[start + i] is { } id ? feeder.ResolveAsset(firstLine + i, id) : feeder.RejectNullAsset(firstLine + i);
            }
        }
    }
}
