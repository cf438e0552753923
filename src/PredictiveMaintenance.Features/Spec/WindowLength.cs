using System.Globalization;

namespace PredictiveMaintenance.Features;

/// <summary>
/// The length of a window or bucket: a number of rows (<c>64</c>) or a time span (<c>24h</c>, <c>30min</c>, <c>1d</c>).
/// </summary>
/// <remarks>
/// Time spans are written as a positive integer and a unit: <c>us</c>, <c>ms</c>, <c>s</c>, <c>min</c>, <c>h</c>,
/// <c>d</c> or <c>w</c>. The text is kept as written (<c>24h</c> stays <c>24h</c>, not <c>1d</c>) because it is part
/// of column names; two lengths are equal when their texts are.
/// </remarks>
public readonly record struct WindowLength
{
    private static readonly (string Unit, long Microseconds)[] Units =
    [
        ("us", 1), ("ms", 1_000), ("s", UnixTime.MicrosecondsPerSecond), ("min", 60 * UnixTime.MicrosecondsPerSecond),
        ("h", UnixTime.MicrosecondsPerHour), ("d", UnixTime.MicrosecondsPerDay), ("w", 7 * UnixTime.MicrosecondsPerDay),
    ];

    private WindowLength(long count, string unit, long microseconds)
    {
        Count = count;
        Unit = unit;
        Microseconds = microseconds;
    }

    /// <summary>The number written: rows for a row window, units of <see cref="Unit"/> for a time span.</summary>
    public long Count { get; }

    /// <summary>The unit of a time span (<c>h</c>, <c>min</c>, ...); empty for a row window.</summary>
    public string Unit { get; }

    /// <summary>Whether this is a time span rather than a number of rows.</summary>
    public bool IsTime => !string.IsNullOrEmpty(Unit);

    /// <summary>The span in microseconds; 0 for a row window.</summary>
    public long Microseconds { get; }

    /// <summary>Returns a window of <paramref name="rows"/> rows.</summary>
    /// <param name="rows">At least 1.</param>
    public static WindowLength Rows(int rows)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(rows, 1);
        return new WindowLength(rows, string.Empty, 0);
    }

    /// <summary>Returns a time span of <paramref name="count"/> units.</summary>
    /// <param name="count">At least 1.</param>
    /// <param name="unit">One of <c>us</c>, <c>ms</c>, <c>s</c>, <c>min</c>, <c>h</c>, <c>d</c>, <c>w</c>.</param>
    public static WindowLength Time(long count, string unit)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        ArgumentNullException.ThrowIfNull(unit);
        foreach ((string name, long microseconds) in Units)
        {
            if (name == unit)
            {
                return count > long.MaxValue / microseconds
                    ? throw new ArgumentOutOfRangeException(nameof(count), count, "The span does not fit in 64-bit microseconds.")
                    : new WindowLength(count, unit, count * microseconds);
            }
        }

        throw new ArgumentException($"Unknown time unit '{unit}'; expected one of {string.Join(", ", Units.Select(u => u.Unit))}.", nameof(unit));
    }

    /// <summary>Parses <c>64</c> (rows) or <c>24h</c> (a time span).</summary>
    /// <param name="text">The text.</param>
    /// <exception cref="FeatureSpecException">The text is neither.</exception>
    public static WindowLength Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return TryParse(text, out WindowLength length)
            ? length
            : throw new FeatureSpecException($"'{text}' is not a window length; expected a number of rows such as 64 or a time span such as 24h, 30min or 1d.");
    }

    /// <summary>Tries to parse <c>64</c> (rows) or <c>24h</c> (a time span).</summary>
    /// <param name="text">The text.</param>
    /// <param name="length">The length, when the text is one.</param>
    public static bool TryParse(string? text, out WindowLength length)
    {
        length = default;
        if (string.IsNullOrEmpty(text))
        {
            return false;
        }

        int digits = 0;
        while (digits < text.Length && char.IsAsciiDigit(text[digits]))
        {
            digits++;
        }

        if (digits == 0 || !long.TryParse(text.AsSpan(0, digits), NumberStyles.None, CultureInfo.InvariantCulture, out long count) || count < 1)
        {
            return false;
        }

        string unit = text[digits..];
        if (unit.Length == 0)
        {
            if (count > int.MaxValue)
            {
                return false;
            }

            length = Rows((int)count);
            return true;
        }

        foreach ((string name, long microseconds) in Units)
        {
            if (name == unit && count <= long.MaxValue / microseconds)
            {
                length = new WindowLength(count, unit, count * microseconds);
                return true;
            }
        }

        return false;
    }

    /// <summary>The text form: <c>64</c> or <c>24h</c>.</summary>
    public override string ToString() => Count.ToString(CultureInfo.InvariantCulture) + Unit;
}
