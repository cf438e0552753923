using Microsoft.ML;
using Microsoft.ML.Data;

namespace PredictiveMaintenance.IO;

/// <summary>A cursor over rows <c>[start, end)</c> of a <see cref="TelemetryDataView"/>, in order or in a random permutation.</summary>
internal sealed class TelemetryDataViewCursor : DataViewRowCursor
{
    private readonly TelemetryDataView _view;
    private readonly TelemetryTable _table;
    private readonly bool[] _active;
    private readonly int _start;
    private readonly int _count;
    private readonly int[]? _order;
    private long _position = -1;
    private int _row = -1;
    private int _asset;

    public TelemetryDataViewCursor(TelemetryDataView view, bool[] active, int start, int end, long batch, Random? rand)
    {
        _view = view;
        _table = view.Table;
        _active = active;
        _start = start;
        _count = end - start;
        Batch = batch;
        if (rand is not null)
        {
            _order = [.. Enumerable.Range(start, _count)];
            rand.Shuffle(_order);
        }
    }

    public override long Position => _position;

    public override long Batch { get; }

    public override DataViewSchema Schema => _view.Schema;

    public override bool MoveNext()
    {
        if (_position + 1 >= _count)
        {
            _position = _count;
            _row = -1;
            return false;
        }

        _position++;
        if (_order is null)
        {
            _row = _start + (int)_position;
            if (_position == 0)
            {
                _asset = _table.GetAssetCodeOfRow(_row);
            }

            ReadOnlySpan<int> offsets = _table.AssetOffsets;
            while (_row >= offsets[_asset + 1])
            {
                _asset++;
            }
        }
        else
        {
            _row = _order[_position];
            _asset = _table.GetAssetCodeOfRow(_row);
        }

        return true;
    }

    public override bool IsColumnActive(DataViewSchema.Column column)
    {
        CheckColumn(column);
        return _active[column.Index];
    }

    public override ValueGetter<DataViewRowId> GetIdGetter() => (ref DataViewRowId id) =>
    {
        CheckRow();
        id = new DataViewRowId((ulong)_row, 0);
    };

    public override ValueGetter<TValue> GetGetter<TValue>(DataViewSchema.Column column)
    {
        CheckColumn(column);
        if (!_active[column.Index])
        {
            throw new InvalidOperationException($"Column '{column.Name}' was not requested when the cursor was made.");
        }

        if (typeof(TValue) != column.Type.RawType)
        {
            throw new InvalidOperationException($"Column '{column.Name}' holds {column.Type.RawType.Name}, not {typeof(TValue).Name}.");
        }

        Delegate getter = column.Index switch
        {
            0 => (ValueGetter<ReadOnlyMemory<char>>)((ref ReadOnlyMemory<char> value) =>
            {
                CheckRow();
                value = _view.AssetIds[_asset];
            }),
            1 when _table.Schema.TimeKind == TimeKind.UtcTimestamp => (ValueGetter<DateTime>)((ref DateTime value) =>
            {
                CheckRow();
                value = UnixTime.ToDateTime(_table.Times[_row]);
            }),
            1 => (ValueGetter<long>)((ref long value) =>
            {
                CheckRow();
                value = _table.Times[_row];
            }),
            _ => ChannelGetter(column.Index - 2),
        };
        return (ValueGetter<TValue>)getter;
    }

    private ValueGetter<double> ChannelGetter(int channel) => (ref double value) =>
    {
        CheckRow();
        value = _table.GetChannel(channel)[_row];
    };

    private void CheckColumn(DataViewSchema.Column column)
    {
        if (column.Index < 0 || column.Index >= _active.Length || column.Name != _view.Schema[column.Index].Name)
        {
            throw new ArgumentException($"Column '{column.Name}' is not a column of this view.", nameof(column));
        }
    }

    private void CheckRow()
    {
        if (_row < 0)
        {
            throw new InvalidOperationException("The cursor is not on a row: call MoveNext first, and read only while it returns true.");
        }
    }
}
