using System.Text;
using Parquet;
using Parquet.Data;

namespace PredictiveMaintenance.DeltaLake;

/// <summary>The decoded values and levels of one leaf column of one row group.</summary>
internal sealed class LeafData
{
    private int[]? _valueIndex;

    private LeafData(ParquetNode node, Array values, int[]? definitions, int[]? repetitions, int levelCount)
    {
        Node = node;
        Values = values;
        Definitions = definitions;
        Repetitions = repetitions;
        LevelCount = levelCount;
    }

    public ParquetNode Node { get; }

    /// <summary>The non-null values, packed: a primitive array, or <see cref="VarBinary"/> for byte arrays and strings.</summary>
    public Array Values { get; }

    public int[]? Definitions { get; }

    public int[]? Repetitions { get; }

    public int LevelCount { get; }

    public bool IsDefined(int position) => Definitions is null || Definitions[position] == Node.DefinitionLevel;

    /// <summary>The index in <see cref="Values"/> of the value at a level position (the count of defined positions before it).</summary>
    public int ValueIndex(int position)
    {
        if (Definitions is null)
        {
            return position;
        }

        if (_valueIndex is null)
        {
            _valueIndex = new int[LevelCount];
            int count = 0;
            int max = Node.DefinitionLevel;
            for (int i = 0; i < LevelCount; i++)
            {
                _valueIndex[i] = count;
                count += Definitions[i] == max ? 1 : 0;
            }
        }

        return _valueIndex[position];
    }

    public static async Task<LeafData> ReadAsync(ParquetRowGroupReader rowGroup, ParquetNode node, CancellationToken cancellationToken)
    {
        using RawColumnData raw = await rowGroup.ReadRawColumnDataBaseAsync(node.DataField!, cancellationToken).ConfigureAwait(false);
        int[]? definitions = node.DefinitionLevel > 0 ? raw.DefinitionLevels.ToArray() : null;
        int[]? repetitions = node.RepetitionLevel > 0 ? raw.RepetitionLevels.ToArray() : null;
        Array values = raw switch
        {
            RawColumnData<int> r => r.Values.ToArray(),
            RawColumnData<long> r => r.Values.ToArray(),
            RawColumnData<short> r => r.Values.ToArray(),
            RawColumnData<sbyte> r => r.Values.ToArray(),
            RawColumnData<byte> r => r.Values.ToArray(),
            RawColumnData<ushort> r => r.Values.ToArray(),
            RawColumnData<uint> r => r.Values.ToArray(),
            RawColumnData<ulong> r => r.Values.ToArray(),
            RawColumnData<float> r => r.Values.ToArray(),
            RawColumnData<double> r => r.Values.ToArray(),
            RawColumnData<bool> r => r.Values.ToArray(),
            RawColumnData<decimal> r => r.Values.ToArray(),
            RawColumnData<DateTime> r => r.Values.ToArray(),
            RawColumnData<DateOnly> r => r.Values.ToArray(),
            RawColumnData<ReadOnlyMemory<char>> r => VarBinary.FromChars(r.Values),
            RawColumnData<ReadOnlyMemory<byte>> r => VarBinary.FromBytes(r.Values),
            _ => throw new NotSupportedException($"Parquet column '{node.DataField!.Path}' decodes to {raw.GetType().GenericTypeArguments.FirstOrDefault()?.Name}, which no Delta type reads."),
        };
        int levelCount = definitions?.Length ?? (values is VarBinary[] packed ? packed[0].Count : values.Length);
        return new LeafData(node, values, definitions, repetitions, levelCount);
    }
}

/// <summary>Packed variable-length values (UTF-8 text or bytes) with Arrow-style offsets; a one-element array wraps it so it can travel as an <see cref="Array"/>.</summary>
internal sealed class VarBinary
{
    private VarBinary(byte[] data, int[] offsets)
    {
        Data = data;
        Offsets = offsets;
    }

    public byte[] Data { get; }

    /// <summary>Value i is <c>Data[Offsets[i]..Offsets[i + 1]]</c>.</summary>
    public int[] Offsets { get; }

    public int Count => Offsets.Length - 1;

    public ReadOnlySpan<byte> this[int index] => Data.AsSpan(Offsets[index], Offsets[index + 1] - Offsets[index]);

    public static VarBinary[] FromChars(ReadOnlySpan<ReadOnlyMemory<char>> values)
    {
        var offsets = new int[values.Length + 1];
        long total = 0;
        for (int i = 0; i < values.Length; i++)
        {
            total += Encoding.UTF8.GetByteCount(values[i].Span);
        }

        var data = new byte[checked((int)total)];
        int at = 0;
        for (int i = 0; i < values.Length; i++)
        {
            at += Encoding.UTF8.GetBytes(values[i].Span, data.AsSpan(at));
            offsets[i + 1] = at;
        }

        return [new VarBinary(data, offsets)];
    }

    public static VarBinary[] FromBytes(ReadOnlySpan<ReadOnlyMemory<byte>> values)
    {
        var offsets = new int[values.Length + 1];
        long total = 0;
        for (int i = 0; i < values.Length; i++)
        {
            total += values[i].Length;
        }

        var data = new byte[checked((int)total)];
        int at = 0;
        for (int i = 0; i < values.Length; i++)
        {
            values[i].Span.CopyTo(data.AsSpan(at));
            at += values[i].Length;
            offsets[i + 1] = at;
        }

        return [new VarBinary(data, offsets)];
    }
}
