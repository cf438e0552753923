using System.Numerics;
using System.Runtime.InteropServices;

namespace PredictiveMaintenance.IO;

/// <summary>A source column read as a channel: numbers of any width converted to <see cref="double"/>, nulls marked missing.</summary>
internal abstract class ChannelColumn
{
    /// <summary>
    /// Writes rows <c>[start, start + values.Length)</c> to <paramref name="values"/>; a row without a value becomes NaN
    /// with <paramref name="missing"/> set. A NaN the source holds as a value is not missing unless the source says NaN
    /// means missing (ML.NET does).
    /// </summary>
    public abstract void Read(int start, Span<double> values, Span<bool> missing);

    /// <summary>A column of numbers held by row.</summary>
    /// <param name="values">One value per row (whatever a null row holds is ignored).</param>
    /// <param name="validity">Which rows have a value.</param>
    /// <param name="nanIsMissing">Whether a NaN value is a missing reading rather than a non-finite one.</param>
    public static ChannelColumn Create<T>(ReadOnlyMemory<T> values, Validity validity, bool nanIsMissing = false)
        where T : struct, INumberBase<T> => new Numbers<T>(values, validity, nanIsMissing);

    /// <summary>A column held in consecutive pieces, such as the buffers of a long DataFrame column.</summary>
    public static ChannelColumn Concat(IReadOnlyList<(int Rows, ChannelColumn Column)> pieces) =>
        pieces.Count == 1 ? pieces[0].Column : new Pieces(pieces);

    private sealed class Numbers<T>(ReadOnlyMemory<T> values, Validity validity, bool nanIsMissing) : ChannelColumn
        where T : struct, INumberBase<T>
    {
        public override void Read(int start, Span<double> destination, Span<bool> missing)
        {
            ReadOnlySpan<T> source = values.Span.Slice(start, destination.Length);
            if (typeof(T) == typeof(double))
            {
                MemoryMarshal.Cast<T, double>(source).CopyTo(destination);
            }
            else
            {
                for (int i = 0; i < source.Length; i++)
                {
                    destination[i] = double.CreateTruncating(source[i]);
                }
            }

            missing.Clear();
            validity.MarkNulls(start, missing);
            for (int i = 0; i < destination.Length; i++)
            {
                if (missing[i])
                {
                    destination[i] = double.NaN;
                }
                else if (nanIsMissing && double.IsNaN(destination[i]))
                {
                    missing[i] = true;
                }
            }
        }
    }

    private sealed class Pieces(IReadOnlyList<(int Rows, ChannelColumn Column)> pieces) : ChannelColumn
    {
        public override void Read(int start, Span<double> values, Span<bool> missing)
        {
            int pieceStart = 0;
            foreach ((int rows, ChannelColumn column) in pieces)
            {
                int from = Math.Max(start, pieceStart);
                int to = Math.Min(start + values.Length, pieceStart + rows);
                if (from < to)
                {
                    column.Read(from - pieceStart, values[(from - start)..(to - start)], missing[(from - start)..(to - start)]);
                }

                pieceStart += rows;
            }
        }
    }
}
