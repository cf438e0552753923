using System.Globalization;
using System.Numerics;

namespace PredictiveMaintenance.IO;

/// <summary>A source column read as the time column: int64 microseconds since the Unix epoch, or cycles.</summary>
internal abstract class TimeColumn
{
    /// <summary>Writes rows <c>[start, start + times.Length)</c>; <paramref name="valid"/> is false for a row without a usable time.</summary>
    public abstract void Read(int start, Span<long> times, Span<bool> valid);

    /// <summary>Says why row <paramref name="row"/> has no usable time, for the quarantine.</summary>
    public abstract string Describe(int row);

    /// <summary>
    /// Integers scaled to the table's unit: <c>value * multiplier</c>, then divided by <paramref name="divisor"/> rounding
    /// toward the past (so a nanosecond before the epoch is the microsecond before it, not the epoch).
    /// </summary>
    /// <param name="values">One value per row.</param>
    /// <param name="validity">Which rows have a value.</param>
    /// <param name="multiplier">Table units per source unit, when the source unit is coarser.</param>
    /// <param name="divisor">Source units per table unit, when the source unit is finer.</param>
    /// <param name="unit">The source unit, for messages ("seconds"); empty when the values are counts, such as cycles.</param>
    /// <param name="target">What the table holds, for messages ("microseconds since 1970").</param>
    public static TimeColumn Integers<T>(ReadOnlyMemory<T> values, Validity validity, long multiplier, long divisor, string unit, string target)
        where T : struct, IBinaryInteger<T> => new IntegerTimes<T>(values, validity, multiplier, divisor, unit, target);

    /// <summary>
    /// <see cref="DateTime"/> values. When <paramref name="refuseLocal"/> is set, a value of kind
    /// <see cref="DateTimeKind.Local"/> is refused, as <see cref="UnixTime.EnsureUtc"/> refuses it; otherwise the kind is
    /// ignored and the clock reading is taken as UTC (Parquet.Net marks naive timestamps as local without converting them).
    /// </summary>
    public static TimeColumn DateTimes(ReadOnlyMemory<DateTime> values, Validity validity, bool refuseLocal) =>
        new DateTimeTimes(values, validity, refuseLocal);

    /// <summary><see cref="DateTimeOffset"/> values, read as the instant they denote.</summary>
    public static TimeColumn DateTimeOffsets(ReadOnlyMemory<DateTimeOffset> values, Validity validity) =>
        new DateTimeOffsetTimes(values, validity);

    /// <summary>A column held in consecutive pieces.</summary>
    public static TimeColumn Concat(IReadOnlyList<(int Rows, TimeColumn Column)> pieces) =>
        pieces.Count == 1 ? pieces[0].Column : new Pieces(pieces);

    private static long ToMicroseconds(long ticks)
    {
        // Ticks are 100 ns; the floor keeps instants before 1970 on the earlier microsecond, as UnixTime.ToMicroseconds does.
        long sinceEpoch = ticks - DateTime.UnixEpoch.Ticks;
        return sinceEpoch >= 0 ? sinceEpoch / 10 : ((sinceEpoch + 1) / 10) - 1;
    }

    private const string NullTime = "the time is null";

    private sealed class IntegerTimes<T>(ReadOnlyMemory<T> values, Validity validity, long multiplier, long divisor, string unit, string target) : TimeColumn
        where T : struct, IBinaryInteger<T>
    {
        public override void Read(int start, Span<long> times, Span<bool> valid)
        {
            ReadOnlySpan<T> source = values.Span.Slice(start, times.Length);
            for (int i = 0; i < source.Length; i++)
            {
                valid[i] = validity.IsValid(start + i) && TryConvert(source[i], out times[i]);
            }
        }

        public override string Describe(int row) =>
            !validity.IsValid(row)
                ? NullTime
                : string.Create(CultureInfo.InvariantCulture, $"{values.Span[row]}{(unit.Length > 0 ? " " : string.Empty)}{unit} is outside the range of int64 {target}");

        private bool TryConvert(T value, out long time)
        {
            // Int128 holds any 64-bit integer times any multiplier used (at most microseconds per day) without overflow,
            // so the range check comes after the arithmetic.
            Int128 wide = Int128.CreateTruncating(value);
            if (multiplier != 1 || divisor != 1)
            {
                (Int128 quotient, Int128 remainder) = Int128.DivRem(wide * multiplier, divisor);
                wide = remainder < 0 ? quotient - 1 : quotient;
            }

            time = (long)wide;
            return wide >= long.MinValue && wide <= long.MaxValue;
        }
    }

    private sealed class DateTimeTimes(ReadOnlyMemory<DateTime> values, Validity validity, bool refuseLocal) : TimeColumn
    {
        public override void Read(int start, Span<long> times, Span<bool> valid)
        {
            ReadOnlySpan<DateTime> source = values.Span.Slice(start, times.Length);
            for (int i = 0; i < source.Length; i++)
            {
                DateTime value = source[i];
                times[i] = ToMicroseconds(value.Ticks);
                valid[i] = validity.IsValid(start + i) && !(refuseLocal && value.Kind == DateTimeKind.Local);
            }
        }

        public override string Describe(int row) =>
            !validity.IsValid(row)
                ? NullTime
                : string.Create(CultureInfo.InvariantCulture, $"{values.Span[row]:yyyy-MM-dd'T'HH:mm:ss.FFFFFFF} is a local time (DateTimeKind.Local); times are UTC, so convert it with ToUniversalTime() first");
    }

    private sealed class DateTimeOffsetTimes(ReadOnlyMemory<DateTimeOffset> values, Validity validity) : TimeColumn
    {
        public override void Read(int start, Span<long> times, Span<bool> valid)
        {
            ReadOnlySpan<DateTimeOffset> source = values.Span.Slice(start, times.Length);
            for (int i = 0; i < source.Length; i++)
            {
                times[i] = ToMicroseconds(source[i].UtcTicks);
                valid[i] = validity.IsValid(start + i);
            }
        }

        public override string Describe(int row) => NullTime;
    }

    private sealed class Pieces(IReadOnlyList<(int Rows, TimeColumn Column)> pieces) : TimeColumn
    {
        public override void Read(int start, Span<long> times, Span<bool> valid)
        {
            int pieceStart = 0;
            foreach ((int rows, TimeColumn column) in pieces)
            {
                int from = Math.Max(start, pieceStart);
                int to = Math.Min(start + times.Length, pieceStart + rows);
                if (from < to)
                {
                    column.Read(from - pieceStart, times[(from - start)..(to - start)], valid[(from - start)..(to - start)]);
                }

                pieceStart += rows;
            }
        }

        public override string Describe(int row)
        {
            int pieceStart = 0;
            foreach ((int rows, TimeColumn column) in pieces)
            {
                if (row < pieceStart + rows)
                {
                    return column.Describe(row - pieceStart);
                }

                pieceStart += rows;
            }

            throw new ArgumentOutOfRangeException(nameof(row));
        }
    }
}
