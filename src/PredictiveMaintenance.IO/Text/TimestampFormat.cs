namespace PredictiveMaintenance.IO;

/// <summary>How a timestamp field is written. Timestamps without an offset are read as UTC.</summary>
public sealed record TimestampFormat
{
    private TimestampFormat(TimestampFormatKind kind, string? pattern)
    {
        Kind = kind;
        Pattern = pattern;
    }

    /// <summary>
    /// ISO-8601 (the default): <c>2015-01-01 06:00:00</c>, <c>2015-01-01T06:00:00.123Z</c>, <c>2015-01-01T07:00+01:00</c>, <c>2015-01-01</c>.
    /// A space or <c>T</c> separates date and time; seconds, fraction (up to 7 digits, kept to the microsecond) and offset are optional.
    /// </summary>
    public static TimestampFormat Iso8601 { get; } = new(TimestampFormatKind.Iso8601, null);

    /// <summary>Seconds since the Unix epoch, integer or decimal.</summary>
    public static TimestampFormat UnixSeconds { get; } = new(TimestampFormatKind.UnixSeconds, null);

    /// <summary>Milliseconds since the Unix epoch, integer or decimal.</summary>
    public static TimestampFormat UnixMilliseconds { get; } = new(TimestampFormatKind.UnixMilliseconds, null);

    /// <summary>What kind of format this is.</summary>
    public TimestampFormatKind Kind { get; }

    /// <summary>The .NET custom date and time pattern of a <see cref="TimestampFormatKind.Custom"/> format; otherwise null.</summary>
    public string? Pattern { get; }

    /// <summary>A .NET custom date and time pattern such as <c>dd/MM/yyyy HH:mm</c>, parsed with the invariant culture.</summary>
    /// <param name="pattern">The pattern.</param>
    public static TimestampFormat Custom(string pattern)
    {
        ArgumentException.ThrowIfNullOrEmpty(pattern);
        return new TimestampFormat(TimestampFormatKind.Custom, pattern);
    }

    /// <summary>Parses command-line text: <c>iso</c>, <c>unix-s</c>, <c>unix-ms</c>, or a custom pattern.</summary>
    /// <param name="text">The format's name or pattern.</param>
    public static TimestampFormat Parse(string text)
    {
        ArgumentException.ThrowIfNullOrEmpty(text);
        return text switch
        {
            "iso" or "iso8601" => Iso8601,
            "unix-s" or "unix" => UnixSeconds,
            "unix-ms" => UnixMilliseconds,
            _ => Custom(text),
        };
    }

    /// <summary>The format's name or pattern.</summary>
    public override string ToString() => Kind switch
    {
        TimestampFormatKind.Iso8601 => "iso",
        TimestampFormatKind.UnixSeconds => "unix-s",
        TimestampFormatKind.UnixMilliseconds => "unix-ms",
        _ => Pattern!,
    };
}

/// <summary>The kinds of <see cref="TimestampFormat"/>.</summary>
public enum TimestampFormatKind
{
    /// <summary>ISO-8601 date and time.</summary>
    Iso8601,

    /// <summary>Seconds since the Unix epoch.</summary>
    UnixSeconds,

    /// <summary>Milliseconds since the Unix epoch.</summary>
    UnixMilliseconds,

    /// <summary>A .NET custom date and time pattern.</summary>
    Custom,
}
