using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;

namespace PredictiveMaintenance.IO;

/// <summary>Parsers for numbers and timestamps written in UTF-8, without decoding to UTF-16 first.</summary>
internal static class Utf8Parsing
{
    private const ulong MaxExactMantissa = 1UL << 53;

    private static readonly double[] PowersOfTen =
    [
        1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
        1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
    ];

    /// <summary>
    /// Parses a decimal number in the invariant culture (optional sign, digits, point, exponent; <c>NaN</c>, <c>inf</c>,
    /// <c>Infinity</c> in any case), with blanks around it allowed.
    /// </summary>
    /// <remarks>
    /// Most sensor values have at most 15 significant digits and a small exponent. Then the digits are an integer below
    /// 2^53 and the power of ten is at most 10^22, both exact doubles, so one IEEE multiplication or division gives the
    /// correctly rounded result (Clinger's fast path). Everything else goes to <see cref="double.TryParse(ReadOnlySpan{byte}, NumberStyles, IFormatProvider?, out double)"/>,
    /// which is also correctly rounded, so results equal the BCL's bit for bit.
    /// </remarks>
    public static bool TryParseDouble(ReadOnlySpan<byte> text, out double value)
    {
        text = TrimBlanks(text);
        int i = 0;
        bool negative = false;
        if (i < text.Length && (text[i] == '-' || text[i] == '+'))
        {
            negative = text[i] == '-';
            i++;
        }

        ulong mantissa = 0;
        int digits = 0, exponent = 0;
        int start = i;
        while (i < text.Length && IsDigit(text[i]))
        {
            AddDigit(ref mantissa, ref digits, text[i]);
            i++;
        }

        if (i < text.Length && text[i] == '.')
        {
            i++;
            while (i < text.Length && IsDigit(text[i]))
            {
                AddDigit(ref mantissa, ref digits, text[i]);
                exponent--;
                i++;
            }
        }

        bool hasDigits = i > start && !(i == start + 1 && text[start] == '.');
        if (hasDigits && i < text.Length && (text[i] | 0x20) == 'e')
        {
            i++;
            bool negativeExponent = false;
            if (i < text.Length && (text[i] == '-' || text[i] == '+'))
            {
                negativeExponent = text[i] == '-';
                i++;
            }

            int exponentStart = i, written = 0;
            while (i < text.Length && IsDigit(text[i]) && written < 6)
            {
                written = (written * 10) + (text[i] - '0');
                i++;
            }

            hasDigits = i > exponentStart && i == text.Length;
            exponent += negativeExponent ? -written : written;
        }

        // Up to 19 significant digits fit a ulong without wrapping; leading zeros are not counted.
        if (hasDigits && i == text.Length && digits <= 19 && mantissa <= MaxExactMantissa && exponent is >= -22 and <= 22)
        {
            double magnitude = exponent < 0 ? mantissa / PowersOfTen[-exponent] : mantissa * PowersOfTen[exponent];
            value = negative ? -magnitude : magnitude;
            return true;
        }

        return TryParseSpecial(text, out value)
            || double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out value);
    }

    /// <summary>Parses an optionally signed integer with blanks around it allowed.</summary>
    public static bool TryParseInt64(ReadOnlySpan<byte> text, out long value) =>
        long.TryParse(TrimBlanks(text), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out value);

    /// <summary>
    /// Parses ISO-8601 <c>yyyy-MM-dd[(T| )HH:mm[:ss[(.|,)f…]]][Z|±HH[:mm]]</c> to microseconds since the Unix epoch (UTC).
    /// Fractions beyond microseconds are truncated; a time without an offset is UTC.
    /// </summary>
    public static bool TryParseIsoTimestamp(ReadOnlySpan<byte> text, out long microseconds)
    {
        microseconds = 0;
        text = TrimBlanks(text);
        if (text.Length < 10 || text[4] != '-' || text[7] != '-'
            || !TryDigits(text[..4], out int year) || !TryDigits(text.Slice(5, 2), out int month) || !TryDigits(text.Slice(8, 2), out int day)
            || month is < 1 or > 12 || day < 1 || year < 1 || day > DateTime.DaysInMonth(year, month))
        {
            return false;
        }

        long days = DaysFromCivil(year, month, day);
        int hour = 0, minute = 0, second = 0;
        long fraction = 0;
        long offsetMinutes = 0;
        int i = 10;
        if (i < text.Length)
        {
            if ((text[i] != 'T' && text[i] != ' ') || text.Length < i + 6 || text[i + 3] != ':'
                || !TryDigits(text.Slice(i + 1, 2), out hour) || !TryDigits(text.Slice(i + 4, 2), out minute) || hour > 23 || minute > 59)
            {
                return false;
            }

            i += 6;
            if (i < text.Length && text[i] == ':')
            {
                if (text.Length < i + 3 || !TryDigits(text.Slice(i + 1, 2), out second) || second > 59)
                {
                    return false;
                }

                i += 3;
                if (i < text.Length && (text[i] == '.' || text[i] == ','))
                {
                    int fractionStart = ++i;
                    long scale = 100_000;
                    while (i < text.Length && IsDigit(text[i]))
                    {
                        fraction += (text[i] - '0') * scale;
                        scale /= 10;
                        i++;
                    }

                    if (i == fractionStart || i - fractionStart > 9)
                    {
                        return false;
                    }
                }
            }

            if (i < text.Length && !TryParseOffset(text[i..], out offsetMinutes))
            {
                return false;
            }
        }

        microseconds = (((((days * 24) + hour) * 60) + minute - offsetMinutes) * 60 + second) * UnixTime.MicrosecondsPerSecond + fraction;
        return true;
    }

    /// <summary>Parses seconds or milliseconds since the Unix epoch, integer or decimal, to microseconds without rounding through a double.</summary>
    public static bool TryParseUnix(ReadOnlySpan<byte> text, long microsecondsPerUnit, out long microseconds)
    {
        microseconds = 0;
        text = TrimBlanks(text);
        int point = text.IndexOf((byte)'.');
        ReadOnlySpan<byte> whole = point < 0 ? text : text[..point];
        if (!long.TryParse(whole, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long units)
            || units > long.MaxValue / microsecondsPerUnit || units < long.MinValue / microsecondsPerUnit)
        {
            return false;
        }

        long fraction = 0;
        if (point >= 0)
        {
            ReadOnlySpan<byte> digits = text[(point + 1)..];
            long scale = microsecondsPerUnit / 10;
            foreach (byte b in digits)
            {
                if (!IsDigit(b))
                {
                    return false;
                }

                fraction += (b - '0') * scale;
                scale /= 10;
            }

            if (digits.IsEmpty)
            {
                return false;
            }
        }

        bool negative = whole.Length > 0 && whole[0] == '-';
        microseconds = (units * microsecondsPerUnit) + (negative ? -fraction : fraction);
        return true;
    }

    /// <summary>Blanks (spaces and tabs) removed from both ends.</summary>
    public static ReadOnlySpan<byte> TrimBlanks(ReadOnlySpan<byte> text)
    {
        int start = 0, end = text.Length;
        while (start < end && (text[start] == ' ' || text[start] == '\t'))
        {
            start++;
        }

        while (end > start && (text[end - 1] == ' ' || text[end - 1] == '\t'))
        {
            end--;
        }

        return text[start..end];
    }

    /// <summary>Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's days_from_civil).</summary>
    private static long DaysFromCivil(int year, int month, int day)
    {
        long y = month <= 2 ? year - 1 : year;
        long era = (y >= 0 ? y : y - 399) / 400;
        long yearOfEra = y - (era * 400);
        long dayOfYear = ((153 * (month > 2 ? month - 3 : month + 9)) + 2) / 5 + day - 1;
        long dayOfEra = (yearOfEra * 365) + (yearOfEra / 4) - (yearOfEra / 100) + dayOfYear;
        return (era * 146097) + dayOfEra - 719468;
    }

    private static bool TryParseOffset(ReadOnlySpan<byte> text, out long minutes)
    {
        minutes = 0;
        if (text.Length == 1 && (text[0] == 'Z' || text[0] == 'z'))
        {
            return true;
        }

        if (text.Length < 3 || (text[0] != '+' && text[0] != '-') || !TryDigits(text.Slice(1, 2), out int hours) || hours > 14)
        {
            return false;
        }

        int offsetMinutes = 0;
        ReadOnlySpan<byte> rest = text[3..];
        if (rest.Length > 0 && rest[0] == ':')
        {
            rest = rest[1..];
        }

        if (rest.Length != 0 && (rest.Length != 2 || !TryDigits(rest, out offsetMinutes) || offsetMinutes > 59))
        {
            return false;
        }

        minutes = (text[0] == '-' ? -1 : 1) * ((hours * 60) + offsetMinutes);
        return true;
    }

    private static bool TryParseSpecial(ReadOnlySpan<byte> text, out double value)
    {
        bool negative = text.Length > 0 && text[0] == '-';
        ReadOnlySpan<byte> word = text.Length > 0 && (text[0] == '-' || text[0] == '+') ? text[1..] : text;
        if (word.Length == 3 && Ascii.EqualsIgnoreCase(word, "nan"u8))
        {
            value = double.NaN;
            return true;
        }

        if ((word.Length == 3 && Ascii.EqualsIgnoreCase(word, "inf"u8)) || (word.Length == 8 && Ascii.EqualsIgnoreCase(word, "infinity"u8)))
        {
            value = negative ? double.NegativeInfinity : double.PositiveInfinity;
            return true;
        }

        value = 0;
        return false;
    }

    private static bool TryDigits(ReadOnlySpan<byte> text, out int value)
    {
        value = 0;
        foreach (byte b in text)
        {
            if (!IsDigit(b))
            {
                return false;
            }

            value = (value * 10) + (b - '0');
        }

        return true;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void AddDigit(ref ulong mantissa, ref int significantDigits, byte digit)
    {
        if (mantissa != 0 || digit != '0')
        {
            significantDigits++;
            mantissa = (mantissa * 10) + (uint)(digit - '0');
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool IsDigit(byte b) => (uint)(b - '0') <= 9;
}
