using System.Buffers;
using System.Diagnostics;
using System.Numerics;
using System.Runtime.CompilerServices;
using Parquet;
using Parquet.Schema;

namespace PredictiveMaintenance.IO;

/// <summary>
/// Reads the mapped columns of Parquet row groups into the decoders of <see cref="ColumnarRowFeeder"/>: checks their
/// types once against their roles, then reads each row group's columns into pooled buffers.
/// </summary>
internal sealed class ParquetColumns
{
    private readonly ResolvedTelemetryColumns _columns;
    private readonly DataField? _asset;
    private readonly DataField _time;
    private readonly DataField[] _channels;

    /// <summary>Checks that every mapped field can be read in its role.</summary>
    /// <exception cref="SchemaException">A field is repeated or of a type its role cannot take.</exception>
    public ParquetColumns(ResolvedTelemetryColumns columns, IReadOnlyList<DataField> fields, string source)
    {
        _columns = columns;
        DataField Check(int index, Func<DataField, bool> accepts)
        {
            DataField field = fields[index];
            if (field.MaxRepetitionLevel > 0 || !accepts(field))
            {
                throw ColumnarSource.UnsupportedType(columns, index, field.Path.ToString(), TypeName(field), source);
            }

            return field;
        }

        _asset = columns.AssetIndex < 0 ? null : Check(columns.AssetIndex, f => f.ClrType == typeof(ReadOnlyMemory<char>) || NumberTypes.IsInteger(f.ClrType));
        _time = Check(columns.TimeIndex, f => columns.Schema.TimeKind == TimeKind.Cycle
            ? NumberTypes.IsInteger(f.ClrType)
            : (f.ClrType == typeof(DateTime) && f is not TimeDataField) || (f.ClrType == typeof(long) && f is not TimeDataField));
        _channels = [.. columns.ChannelIndexes.Select(i => Check(i, f => NumberTypes.TryVisit(f.ClrType, AcceptAll.Instance, out _)))];
    }

    /// <summary>Reads the mapped columns of one row group; dispose the result to return its buffers.</summary>
    public async Task<RowGroupColumns> ReadAsync(ParquetRowGroupReader group, CancellationToken cancellationToken)
    {
        int rows = checked((int)group.RowCount);
        var buffers = new RowGroupColumns();
        try
        {
            AssetColumn? asset = _asset is null ? null : await ReadAssetAsync(group, _asset, rows, buffers, cancellationToken).ConfigureAwait(false);
            TimeColumn time = await ReadTimeAsync(group, rows, buffers, cancellationToken).ConfigureAwait(false);
            var channels = new ChannelColumn[_channels.Length];
            for (int c = 0; c < channels.Length; c++)
            {
                channels[c] = await NumberTypes.Visit(_channels[c].ClrType, new ChannelReader(group, _channels[c], rows, buffers, cancellationToken)).ConfigureAwait(false);
            }

            buffers.Chunk = new ColumnarChunk(rows, asset, time, channels);
            return buffers;
        }
        catch
        {
            buffers.Dispose();
            throw;
        }
    }

    private static async Task<AssetColumn> ReadAssetAsync(ParquetRowGroupReader group, DataField field, int rows, RowGroupColumns buffers, CancellationToken cancellationToken)
    {
        if (field.ClrType == typeof(ReadOnlyMemory<char>))
        {
            (ReadOnlyMemory<char>[] values, Validity validity) = await ReadAsync<ReadOnlyMemory<char>>(group, field, rows, buffers, cancellationToken).ConfigureAwait(false);
            return AssetColumn.Create(values.AsMemory(0, rows), validity);
        }

        return await NumberTypes.Visit(field.ClrType, new IntegerAssetReader(group, field, rows, buffers, cancellationToken)).ConfigureAwait(false);
    }

    private async Task<TimeColumn> ReadTimeAsync(ParquetRowGroupReader group, int rows, RowGroupColumns buffers, CancellationToken cancellationToken)
    {
        if (_time.ClrType == typeof(DateTime))
        {
            (DateTime[] values, Validity validity) = await ReadAsync<DateTime>(group, _time, rows, buffers, cancellationToken).ConfigureAwait(false);
            return TimeColumn.DateTimes(values.AsMemory(0, rows), validity, refuseLocal: false);
        }

        return await NumberTypes.Visit(_time.ClrType, new IntegerTimeReader(group, _time, rows, buffers, _columns.Schema.TimeKind, cancellationToken)).ConfigureAwait(false);
    }

    /// <summary>
    /// Reads a column with its definition levels and spreads the values Parquet packs together back to their rows
    /// (from the end, so no value is overwritten before it moves), with a validity bitmap when there are nulls.
    /// </summary>
    private static async Task<(T[] Values, Validity Validity)> ReadAsync<T>(
        ParquetRowGroupReader group, DataField field, int rows, RowGroupColumns buffers, CancellationToken cancellationToken)
        where T : struct
    {
        T[] values = buffers.Rent<T>(rows);
        if (field.MaxDefinitionLevel == 0)
        {
            await group.ReadRawAsync<T>(field, values.AsMemory(0, rows), null, null, cancellationToken).ConfigureAwait(false);
            return (values, default);
        }

        int[] levels = buffers.Rent<int>(rows);
        await group.ReadRawAsync<T>(field, values.AsMemory(0, rows), levels.AsMemory(0, rows), null, cancellationToken).ConfigureAwait(false);
        int max = field.MaxDefinitionLevel;
        int present = 0;
        foreach (int level in levels.AsSpan(0, rows))
        {
            present += level == max ? 1 : 0;
        }

        if (present == rows)
        {
            return (values, default);
        }

        for (int row = rows - 1, value = present - 1; row >= 0; row--)
        {
            values[row] = levels[row] == max ? values[value--] : default;
        }

        return (values, Validity.FromDefinitionLevels(levels.AsSpan(0, rows), max, buffers.Rent<byte>((rows + 7) >> 3)));
    }

    private static string TypeName(DataField field) => field switch
    {
        { MaxRepetitionLevel: > 0 } => "list",
        TimeDataField => "time of day",
        DateTimeDataField { DateTimeFormat: DateTimeFormat.Date } => "date",
        DateTimeDataField => "timestamp",
        _ => NumberTypes.NameOf(field.ClrType),
    };

    /// <summary>The buffers of one row group's columns, rented from the shared pools and returned on dispose.</summary>
    internal sealed class RowGroupColumns : IDisposable
    {
        private readonly List<Action> _returns = [];

        public ColumnarChunk Chunk { get; set; } = null!;

        public T[] Rent<T>(int length)
        {
            T[] array = ArrayPool<T>.Shared.Rent(Math.Max(length, 1));
            _returns.Add(() => ArrayPool<T>.Shared.Return(array, RuntimeHelpers.IsReferenceOrContainsReferences<T>()));
            return array;
        }

        public void Dispose()
        {
            foreach (Action giveBack in _returns)
            {
                giveBack();
            }

            _returns.Clear();
        }
    }

    private sealed class AcceptAll : INumberTypeVisitor<bool>
    {
        public static AcceptAll Instance { get; } = new();

        public bool VisitInteger<T>()
            where T : struct, IBinaryInteger<T> => true;

        public bool VisitFloatingPoint<T>()
            where T : struct, IFloatingPoint<T> => true;
    }

    private sealed class ChannelReader(ParquetRowGroupReader group, DataField field, int rows, RowGroupColumns buffers, CancellationToken cancellationToken)
        : INumberTypeVisitor<Task<ChannelColumn>>
    {
        public Task<ChannelColumn> VisitInteger<T>()
            where T : struct, IBinaryInteger<T> => Read<T>();

        public Task<ChannelColumn> VisitFloatingPoint<T>()
            where T : struct, IFloatingPoint<T> => Read<T>();

        private async Task<ChannelColumn> Read<T>()
            where T : struct, INumberBase<T>
        {
            (T[] values, Validity validity) = await ReadAsync<T>(group, field, rows, buffers, cancellationToken).ConfigureAwait(false);
            return ChannelColumn.Create<T>(values.AsMemory(0, rows), validity);
        }
    }

    private sealed class IntegerAssetReader(ParquetRowGroupReader group, DataField field, int rows, RowGroupColumns buffers, CancellationToken cancellationToken)
        : INumberTypeVisitor<Task<AssetColumn>>
    {
        public async Task<AssetColumn> VisitInteger<T>()
            where T : struct, IBinaryInteger<T>
        {
            (T[] values, Validity validity) = await ReadAsync<T>(group, field, rows, buffers, cancellationToken).ConfigureAwait(false);
            return AssetColumn.CreateIntegers<T>(values.AsMemory(0, rows), validity);
        }

        public Task<AssetColumn> VisitFloatingPoint<T>()
            where T : struct, IFloatingPoint<T> => throw new UnreachableException("Asset columns were checked to be integers.");
    }

    private sealed class IntegerTimeReader(ParquetRowGroupReader group, DataField field, int rows, RowGroupColumns buffers, TimeKind kind, CancellationToken cancellationToken)
        : INumberTypeVisitor<Task<TimeColumn>>
    {
        public async Task<TimeColumn> VisitInteger<T>()
            where T : struct, IBinaryInteger<T>
        {
            (T[] values, Validity validity) = await ReadAsync<T>(group, field, rows, buffers, cancellationToken).ConfigureAwait(false);
            return TimeColumn.Integers<T>(values.AsMemory(0, rows), validity, 1, 1, kind == TimeKind.Cycle ? string.Empty : "microseconds", ColumnarSource.TimeTarget(kind));
        }

        public Task<TimeColumn> VisitFloatingPoint<T>()
            where T : struct, IFloatingPoint<T> => throw new UnreachableException("Time columns were checked to be integers or timestamps.");
    }
}
