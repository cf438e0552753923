using System.Buffers;
using System.Globalization;
using System.Numerics;
using System.Text.Unicode;

namespace PredictiveMaintenance.IO;

/// <summary>Reads the UTF-8 bytes of row <paramref name="index"/> of a string column, or reports a null.</summary>
internal delegate ReadOnlySpan<byte> Utf8Getter(int index, out bool isNull);

/// <summary>A source column read as the asset id: strings, or integers written in the invariant culture.</summary>
internal abstract class AssetColumn
{
    /// <summary>
    /// Resolves rows <c>[start, start + codes.Length)</c>, whose lines start at <paramref name="firstLine"/>, to the
    /// cleaner's asset codes through <paramref name="feeder"/>, which quarantines a row whose id is null, empty or not
    /// acceptable (code -1).
    /// </summary>
    public abstract void Resolve(int start, Span<int> codes, long firstLine, ColumnarRowFeeder feeder);

    /// <summary>Strings held as character memory, one per row (Parquet.Net's strings, ML.NET's text).</summary>
    public static AssetColumn Create(ReadOnlyMemory<ReadOnlyMemory<char>> values, Validity validity) => new CharMemories(values, validity);

    /// <summary>UTF-8 strings read through <paramref name="getter"/> (Arrow string arrays).</summary>
    public static AssetColumn Create(Utf8Getter getter) => new Utf8Strings(getter);

    /// <summary>Integers, written in the invariant culture (<c>7</c> becomes asset <c>"7"</c>).</summary>
    public static AssetColumn CreateIntegers<T>(ReadOnlyMemory<T> values, Validity validity)
        where T : struct, IBinaryInteger<T> => new Integers<T>(values, validity);

    /// <summary>
    /// Dictionary-encoded strings: an index per row into <paramref name="entries"/>, decoded once per entry. An entry
    /// that cannot be an id is null, and <paramref name="problems"/> says why (null there means the entry is null).
    /// </summary>
    public static AssetColumn CreateDictionary<TIndex>(string?[] entries, string?[] problems, ReadOnlyMemory<TIndex> indices, Validity validity)
        where TIndex : struct, IBinaryInteger<TIndex> => new Dictionary<TIndex>(entries, problems, indices, validity);

    /// <summary>Decodes strict UTF-8, or returns null when the bytes are not UTF-8.</summary>
    public static string? DecodeUtf8(ReadOnlySpan<byte> bytes)
    {
        char[] chars = ArrayPool<char>.Shared.Rent(Math.Max(bytes.Length, 1));
        try
        {
            return Utf8.ToUtf16(bytes, chars, out _, out int written, replaceInvalidSequences: false) == OperationStatus.Done
                ? new string(chars, 0, written)
                : null;
        }
        finally
        {
            ArrayPool<char>.Shared.Return(chars);
        }
    }

    /// <summary>A column held in consecutive pieces.</summary>
    public static AssetColumn Concat(IReadOnlyList<(int Rows, AssetColumn Column)> pieces) =>
        pieces.Count == 1 ? pieces[0].Column : new Pieces(pieces);

    private sealed class CharMemories(ReadOnlyMemory<ReadOnlyMemory<char>> values, Validity validity) : AssetColumn
    {
        public override void Resolve(int start, Span<int> codes, long firstLine, ColumnarRowFeeder feeder)
        {
            ReadOnlySpan<ReadOnlyMemory<char>> source = values.Span.Slice(start, codes.Length);
            for (int i = 0; i < source.Length; i++)
            {
                codes[i] = validity.IsValid(start + i) ? feeder.ResolveAsset(firstLine + i, source[i].Span) : feeder.RejectNullAsset(firstLine + i);
            }
        }
    }

    private sealed class Utf8Strings(Utf8Getter getter) : AssetColumn
    {
        private char[] _chars = new char[64];

        public override void Resolve(int start, Span<int> codes, long firstLine, ColumnarRowFeeder feeder)
        {
            for (int i = 0; i < codes.Length; i++)
            {
                ReadOnlySpan<byte> bytes = getter(start + i, out bool isNull);
                if (isNull)
                {
                    codes[i] = feeder.RejectNullAsset(firstLine + i);
                    continue;
                }

                if (_chars.Length < bytes.Length)
                {
                    _chars = new char[bytes.Length];
                }

                codes[i] = Utf8.ToUtf16(bytes, _chars, out _, out int written, replaceInvalidSequences: false) == OperationStatus.Done
                    ? feeder.ResolveAsset(firstLine + i, _chars.AsSpan(0, written))
                    : feeder.RejectAsset(firstLine + i, "the asset id is not valid UTF-8");
            }
        }
    }

    private sealed class Integers<T>(ReadOnlyMemory<T> values, Validity validity) : AssetColumn
        where T : struct, IBinaryInteger<T>
    {
        private readonly char[] _chars = new char[24];

        public override void Resolve(int start, Span<int> codes, long firstLine, ColumnarRowFeeder feeder)
        {
            ReadOnlySpan<T> source = values.Span.Slice(start, codes.Length);
            for (int i = 0; i < source.Length; i++)
            {
                if (!validity.IsValid(start + i))
                {
                    codes[i] = feeder.RejectNullAsset(firstLine + i);
                    continue;
                }

                // 24 characters hold any 64-bit integer with its sign.
                source[i].TryFormat(_chars, out int written, default, CultureInfo.InvariantCulture);
                codes[i] = feeder.ResolveAsset(firstLine + i, _chars.AsSpan(0, written));
            }
        }
    }

    private sealed class Dictionary<TIndex>(string?[] entries, string?[] problems, ReadOnlyMemory<TIndex> indices, Validity validity) : AssetColumn
        where TIndex : struct, IBinaryInteger<TIndex>
    {
        public override void Resolve(int start, Span<int> codes, long firstLine, ColumnarRowFeeder feeder)
        {
            ReadOnlySpan<TIndex> source = indices.Span.Slice(start, codes.Length);
            for (int i = 0; i < source.Length; i++)
            {
                if (!validity.IsValid(start + i))
                {
                    codes[i] = feeder.RejectNullAsset(firstLine + i);
                    continue;
                }

                long index = long.CreateSaturating(source[i]);
                codes[i] = index < 0 || index >= entries.Length
                    ? feeder.RejectAsset(firstLine + i, string.Create(CultureInfo.InvariantCulture, $"dictionary index {source[i]} is outside the dictionary of {entries.Length} asset id(s)"))
                    : entries[index] is { } id ? feeder.ResolveAsset(firstLine + i, id)
                    : problems[index] is { } problem ? feeder.RejectAsset(firstLine + i, problem) : feeder.RejectNullAsset(firstLine + i);
            }
        }
    }

    private sealed class Pieces(IReadOnlyList<(int Rows, AssetColumn Column)> pieces) : AssetColumn
    {
        public override void Resolve(int start, Span<int> codes, long firstLine, ColumnarRowFeeder feeder)
        {
            int pieceStart = 0;
            foreach ((int rows, AssetColumn column) in pieces)
            {
                int from = Math.Max(start, pieceStart);
                int to = Math.Min(start + codes.Length, pieceStart + rows);
                if (from < to)
                {
                    column.Resolve(from - pieceStart, codes[(from - start)..(to - start)], firstLine + from - start, feeder);
                }

                pieceStart += rows;
            }
        }
    }
}
