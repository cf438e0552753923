using System.Globalization;

namespace PredictiveMaintenance;

/// <summary>Conversions between <see cref="DateTime"/> and the int64 microseconds since the Unix epoch that telemetry tables store.</summary>
public static class UnixTime
{
    /// <summary>Microseconds in one second.</summary>
    public const long MicrosecondsPerSecond = 1_000_000;

    /// <summary>Microseconds in one hour.</summary>
    public const long MicrosecondsPerHour = 3_600 * MicrosecondsPerSecond;

    /// <summary>Microseconds in one day.</summary>
    public const long MicrosecondsPerDay = 24 * MicrosecondsPerHour;

    private const long TicksPerMicrosecond = TimeSpan.TicksPerMillisecond / 1000;

    /// <summary>The earliest time a <see cref="DateTime"/> holds, 0001-01-01T00:00:00Z, in microseconds since the Unix epoch.</summary>
    public static readonly long MinMicroseconds = (DateTime.MinValue.Ticks - DateTime.UnixEpoch.Ticks) / TicksPerMicrosecond;

    /// <summary>The latest whole microsecond a <see cref="DateTime"/> holds, 9999-12-31T23:59:59.999999Z, in microseconds since the Unix epoch.</summary>
    public static readonly long MaxMicroseconds = (DateTime.MaxValue.Ticks - DateTime.UnixEpoch.Ticks) / TicksPerMicrosecond;

    /// <summary>Converts a UTC <see cref="DateTime"/> to microseconds since the Unix epoch (sub-microsecond ticks are truncated toward the past).</summary>
    /// <param name="utc">A time of kind <see cref="DateTimeKind.Utc"/> or <see cref="DateTimeKind.Unspecified"/> (read as UTC).</param>
    /// <exception cref="ArgumentException"><paramref name="utc"/> is of kind <see cref="DateTimeKind.Local"/>.</exception>
    public static long ToMicroseconds(DateTime utc) =>
        Math.DivRem(EnsureUtc(utc, nameof(utc)).Ticks - DateTime.UnixEpoch.Ticks, TicksPerMicrosecond) switch
        {
            (long q, < 0) => q - 1,
            (long q, _) => q,
        };

    /// <summary>Converts microseconds since the Unix epoch to a <see cref="DateTime"/> of kind <see cref="DateTimeKind.Utc"/>.</summary>
    /// <param name="microseconds">Microseconds since 1970-01-01T00:00:00Z.</param>
    public static DateTime ToDateTime(long microseconds) => new(DateTime.UnixEpoch.Ticks + (microseconds * TicksPerMicrosecond), DateTimeKind.Utc);

    /// <summary>Formats microseconds since the Unix epoch as ISO-8601 UTC, with a fraction only when there is one.</summary>
    /// <param name="microseconds">Microseconds since 1970-01-01T00:00:00Z.</param>
    public static string Format(long microseconds)
    {
        DateTime time = ToDateTime(microseconds);
        return time.ToString(microseconds % MicrosecondsPerSecond == 0 ? "yyyy-MM-dd'T'HH:mm:ss'Z'" : "yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture);
    }

    /// <summary>Returns <paramref name="time"/> as UTC; unspecified kind is read as UTC, local kind is refused.</summary>
    /// <param name="time">The time to check.</param>
    /// <param name="parameterName">The parameter named in the exception.</param>
    /// <exception cref="ArgumentException"><paramref name="time"/> is of kind <see cref="DateTimeKind.Local"/>.</exception>
    public static DateTime EnsureUtc(DateTime time, string parameterName) => time.Kind switch
    {
        DateTimeKind.Utc => time,
        DateTimeKind.Unspecified => DateTime.SpecifyKind(time, DateTimeKind.Utc),
        _ => throw new ArgumentException("Times are UTC; a local time depends on the machine's time zone. Convert it with ToUniversalTime() first.", parameterName),
    };
}
