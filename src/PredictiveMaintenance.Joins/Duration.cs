using System.Globalization;

namespace PredictiveMaintenance.Joins;

/// <summary>
/// A length of table time: a time span for tables of <see cref="TimeKind.UtcTimestamp"/>, or a number of cycles for
/// tables of <see cref="TimeKind.Cycle"/>. Trailing windows, label horizons, tolerances and caps are durations.
/// </summary>
/// <remarks>
/// A time span is held in whole microseconds, the unit of timestamp tables. <see cref="Name"/> is the suffix of the
/// column names the duration appears in: <c>24h</c>, <c>7d</c>, <c>90min</c>, <c>30s</c>, <c>125cycles</c>.
/// </remarks>
public readonly record struct Duration
{
    private readonly string? _suffix;

    private Duration(long length, bool isCycles, string? suffix)
    {
        Length = length;
        IsCycles = isCycles;
        _suffix = suffix;
    }

    /// <summary>The length: microseconds for a time span, cycles otherwise.</summary>
    public long Length { get; }

    /// <summary>Whether the duration counts cycles rather than time.</summary>
    public bool IsCycles { get; }

    /// <summary>
    /// The column-name suffix: in the unit the duration was made with (<c>Hours(24)</c> is <c>24h</c>, <c>Days(1)</c>
    /// is <c>1d</c>), <c>Ncycles</c> for cycles, and for <see cref="FromTimeSpan"/> the largest whole unit of days,
    /// hours, minutes (<c>min</c>), seconds (<c>s</c>), milliseconds (<c>ms</c>) or microseconds (<c>us</c>), the units of
    /// the Features package's window names.
    /// </summary>
    public string Name
    {
        get
        {
            if (IsCycles)
            {
                return Invariant(Length, "cycles");
            }

            foreach ((long unit, string suffix) in (ReadOnlySpan<(long, string)>)[
                (UnixTime.MicrosecondsPerDay, "d"), (UnixTime.MicrosecondsPerHour, "h"), (60 * UnixTime.MicrosecondsPerSecond, "min"), (UnixTime.MicrosecondsPerSecond, "s"), (1000, "ms"), (1, "us")])
            {
                if ((_suffix is null && Length % unit == 0) || _suffix == suffix)
                {
                    return Invariant(Length / unit, suffix);
                }
            }

            return Invariant(Length, "us");
        }
    }

    /// <summary>A span of whole hours.</summary>
    /// <param name="hours">The number of hours, positive.</param>
    public static Duration Hours(int hours)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(hours);
        return new Duration(checked(hours * UnixTime.MicrosecondsPerHour), isCycles: false, "h");
    }

    /// <summary>A span of whole days (24 hours each; table times are UTC).</summary>
    /// <param name="days">The number of days, positive.</param>
    public static Duration Days(int days)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(days);
        return new Duration(checked(days * UnixTime.MicrosecondsPerDay), isCycles: false, "d");
    }

    /// <summary>A time span, truncated to whole microseconds.</summary>
    /// <param name="span">The span, at least one microsecond.</param>
    public static Duration FromTimeSpan(TimeSpan span)
    {
        long microseconds = span.Ticks / (TimeSpan.TicksPerMillisecond / 1000);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(microseconds, nameof(span));
        return new Duration(microseconds, isCycles: false, suffix: null);
    }

    /// <summary>A number of cycles, for tables of <see cref="TimeKind.Cycle"/>.</summary>
    /// <param name="cycles">The number of cycles, positive.</param>
    public static Duration Cycles(long cycles)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(cycles);
        return new Duration(cycles, isCycles: true, suffix: null);
    }

    /// <summary>Whether two durations have the same length and kind, whatever unit named them (<c>Hours(24)</c> equals <c>Days(1)</c>).</summary>
    /// <param name="other">The other duration.</param>
    public bool Equals(Duration other) => Length == other.Length && IsCycles == other.IsCycles;

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(Length, IsCycles);

    /// <summary>Describes the duration by its <see cref="Name"/>.</summary>
    public override string ToString() => Name;

    /// <summary>Returns the length in the units of a table's time column, checking that the kinds agree.</summary>
    /// <param name="timeKind">The table's time kind.</param>
    /// <param name="what">What the duration is for, named in the message.</param>
    /// <exception cref="SchemaException">A time span is used with a cycle table, or cycles with a timestamp table.</exception>
    internal long In(TimeKind timeKind, string what)
    {
        if (Length == 0)
        {
            throw new ArgumentException($"The {what} is the default Duration, which has no length; create one with Duration.Hours, Days, FromTimeSpan or Cycles.");
        }

        bool tableCountsCycles = timeKind == TimeKind.Cycle;
        return IsCycles == tableCountsCycles
            ? Length
            : throw new SchemaException(tableCountsCycles
                ? $"The {what} is the time span {Name}, but the table's time column counts cycles; use Duration.Cycles."
                : $"The {what} is {Name}, but the table's time column holds timestamps; use a time span such as Duration.Hours.");
    }

    private static string Invariant(long value, string suffix) => value.ToString(CultureInfo.InvariantCulture) + suffix;
}
