using System.Numerics;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace PredictiveMaintenance.IO;

/// <summary>
/// Reads any <see cref="IDataView"/> into a cleaner: a cursor's rows are gathered a block at a time into typed buffers
/// (text copied into one character buffer, since a getter's text may be overwritten by the next row), and the blocks
/// go through the same decoders as Arrow and Parquet columns.
/// </summary>
internal static class DataViewColumns
{
    private const int BlockRows = 4096;

    public static TelemetryBatch Read(IDataView view, TelemetryColumnMapping mapping, DataQualityOptions dataQuality, string source)
    {
        ArgumentNullException.ThrowIfNull(view);
        DataViewSchema.Column[] visible = [.. view.Schema.Where(c => !c.IsHidden)];
        ResolvedTelemetryColumns columns = ColumnarSource.Resolve(mapping, [.. visible.Select(c => c.Name)], null, source, nameof(TelemetryDataViewExtensions.ToDataView));
        bool cycles = columns.Schema.TimeKind == TimeKind.Cycle;
        SchemaException Unsupported(int index) => ColumnarSource.UnsupportedType(columns, index, visible[index].Name, visible[index].Type.ToString() ?? visible[index].Type.RawType.Name, source);

        Type RawType(int index) => visible[index].Type is PrimitiveDataViewType and not KeyDataViewType ? visible[index].Type.RawType : typeof(void);
        if (columns.AssetIndex >= 0 && RawType(columns.AssetIndex) is var assetType && assetType != typeof(ReadOnlyMemory<char>) && !NumberTypes.IsInteger(assetType))
        {
            throw Unsupported(columns.AssetIndex);
        }

        Type timeType = RawType(columns.TimeIndex);
        if (cycles ? !NumberTypes.IsInteger(timeType) : timeType != typeof(DateTime) && timeType != typeof(DateTimeOffset) && timeType != typeof(long))
        {
            throw Unsupported(columns.TimeIndex);
        }

        foreach (int index in columns.ChannelIndexes)
        {
            Type type = RawType(index);
            if (type == typeof(decimal) || type == typeof(Half) || !NumberTypes.TryVisit(type, AnyNumber.Instance, out _))
            {
                throw Unsupported(index);
            }
        }

        int[] mapped = [.. new[] { columns.AssetIndex, columns.TimeIndex }.Where(i => i >= 0), .. columns.ChannelIndexes];
        using DataViewRowCursor cursor = view.GetRowCursor(mapped.Select(i => visible[i]));
        BlockColumn? asset = columns.AssetIndex < 0 ? null : BlockColumn.Create(cursor, visible[columns.AssetIndex], columns.Schema.TimeKind);
        BlockColumn time = BlockColumn.Create(cursor, visible[columns.TimeIndex], columns.Schema.TimeKind);
        BlockColumn[] channels = [.. columns.ChannelIndexes.Select(i => BlockColumn.Create(cursor, visible[i], columns.Schema.TimeKind))];
        var feeder = new ColumnarRowFeeder(columns, dataQuality, source, (int)Math.Clamp(view.GetRowCount() ?? 0, 0, Array.MaxLength));
        bool more = true;
        while (more)
        {
            int rows = 0;
            asset?.Clear();
            while (rows < BlockRows && (more = cursor.MoveNext()))
            {
                asset?.ReadRow(rows);
                time.ReadRow(rows);
                foreach (BlockColumn channel in channels)
                {
                    channel.ReadRow(rows);
                }

                rows++;
            }

            if (rows > 0)
            {
                feeder.Feed(new ColumnarChunk(rows, asset?.ToAssetColumn(rows), time.ToTimeColumn(rows), [.. channels.Select(c => c.ToChannelColumn(rows))]));
            }
        }

        return feeder.Cleaner.Flush();
    }

    /// <summary>A block of one column's values, filled a row at a time through the cursor's getter.</summary>
    private abstract class BlockColumn
    {
        public static BlockColumn Create(DataViewRowCursor cursor, DataViewSchema.Column column, TimeKind kind)
        {
            Type type = column.Type.RawType;
            return type switch
            {
                _ when type == typeof(ReadOnlyMemory<char>) => new Text(cursor.GetGetter<ReadOnlyMemory<char>>(column)),
                _ when type == typeof(DateTime) => new Values<DateTime>(cursor.GetGetter<DateTime>(column), v => TimeColumn.DateTimes(v, default, refuseLocal: true)),
                _ when type == typeof(DateTimeOffset) => new Values<DateTimeOffset>(cursor.GetGetter<DateTimeOffset>(column), v => TimeColumn.DateTimeOffsets(v, default)),
                _ => NumberTypes.Visit(type, new NumberBlocks(cursor, column, kind)),
            };
        }

        public abstract void ReadRow(int row);

        public virtual void Clear()
        {
        }

        public virtual AssetColumn ToAssetColumn(int rows) => throw new InvalidOperationException("Not an asset column.");

        public virtual TimeColumn ToTimeColumn(int rows) => throw new InvalidOperationException("Not a time column.");

        public virtual ChannelColumn ToChannelColumn(int rows) => throw new InvalidOperationException("Not a channel column.");
    }

    private sealed class Text(ValueGetter<ReadOnlyMemory<char>> getter) : BlockColumn
    {
        private readonly int[] _starts = new int[BlockRows + 1];
        private readonly ReadOnlyMemory<char>[] _ids = new ReadOnlyMemory<char>[BlockRows];
        private char[] _chars = new char[BlockRows * 8];
        private ReadOnlyMemory<char> _value;

        public override void Clear() => _starts[0] = 0;

        public override void ReadRow(int row)
        {
            getter(ref _value);
            int start = _starts[row];
            if (_chars.Length < start + _value.Length)
            {
                Array.Resize(ref _chars, Math.Max(_chars.Length * 2, start + _value.Length));
            }

            _value.Span.CopyTo(_chars.AsSpan(start));
            _starts[row + 1] = start + _value.Length;
        }

        public override AssetColumn ToAssetColumn(int rows)
        {
            for (int i = 0; i < rows; i++)
            {
                _ids[i] = _chars.AsMemory(_starts[i], _starts[i + 1] - _starts[i]);
            }

            return AssetColumn.Create(_ids.AsMemory(0, rows), default);
        }
    }

    private sealed class Values<T>(ValueGetter<T> getter, Func<ReadOnlyMemory<T>, TimeColumn> time) : BlockColumn
    {
        private readonly T[] _values = new T[BlockRows];

        public override void ReadRow(int row) => getter(ref _values[row]);

        public override TimeColumn ToTimeColumn(int rows) => time(_values.AsMemory(0, rows));
    }

    /// <summary>A block of numbers; the column's type was checked against its role before reading.</summary>
    private sealed class Numbers<T>(ValueGetter<T> getter, TimeKind kind) : BlockColumn
        where T : struct, INumberBase<T>
    {
        private readonly T[] _values = new T[BlockRows];

        public override void ReadRow(int row) => getter(ref _values[row]);

        public override AssetColumn ToAssetColumn(int rows) => Visit(rows, NumberColumnVisitors.Asset)!;

        public override TimeColumn ToTimeColumn(int rows) =>
            Visit(rows, NumberColumnVisitors.Time(1, 1, kind == TimeKind.Cycle ? string.Empty : "microseconds", kind))!;

        public override ChannelColumn ToChannelColumn(int rows) => Visit(rows, NumberColumnVisitors.Channel(nanIsMissing: true));

        private TResult Visit<TResult>(int rows, INumberColumnVisitor<TResult> visitor) =>
            NumberTypes.Visit(typeof(T), new Wrap<TResult>(_values, rows, visitor));
    }

    /// <summary>Hands a block of numbers to a number-column visitor under its exact integer or floating-point type.</summary>
    private sealed class Wrap<TResult>(Array values, int rows, INumberColumnVisitor<TResult> visitor) : INumberTypeVisitor<TResult>
    {
        public TResult VisitInteger<T>()
            where T : struct, IBinaryInteger<T> => visitor.VisitInteger<T>(((T[])values).AsMemory(0, rows), default);

        public TResult VisitFloatingPoint<T>()
            where T : struct, IFloatingPoint<T> => visitor.VisitFloatingPoint<T>(((T[])values).AsMemory(0, rows), default);
    }

    private sealed class NumberBlocks(DataViewRowCursor cursor, DataViewSchema.Column column, TimeKind kind) : INumberTypeVisitor<BlockColumn>
    {
        public BlockColumn VisitInteger<T>()
            where T : struct, IBinaryInteger<T> => new Numbers<T>(cursor.GetGetter<T>(column), kind);

        public BlockColumn VisitFloatingPoint<T>()
            where T : struct, IFloatingPoint<T> => new Numbers<T>(cursor.GetGetter<T>(column), kind);
    }

    private sealed class AnyNumber : INumberTypeVisitor<bool>
    {
        public static AnyNumber Instance { get; } = new();

        public bool VisitInteger<T>()
            where T : struct, IBinaryInteger<T> => true;

        public bool VisitFloatingPoint<T>()
            where T : struct, IFloatingPoint<T> => true;
    }
}
