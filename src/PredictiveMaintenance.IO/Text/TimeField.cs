using System.Globalization;
using System.Text;

namespace PredictiveMaintenance.IO;

/// <summary>Parses the time field of a record: a cycle number, or a timestamp in a <see cref="TimestampFormat"/>.</summary>
internal readonly struct TimeField(TimeKind kind, TimestampFormat format)
{
    /// <summary>What a valid field looks like, for quarantine details.</summary>
    public string Expected => kind == TimeKind.Cycle ? "an integer cycle" : $"a timestamp in the format {format}";

    public bool TryParse(ReadOnlySpan<byte> field, out long time)
    {
        if (kind == TimeKind.Cycle)
        {
            return Utf8Parsing.TryParseInt64(field, out time);
        }

        switch (format.Kind)
        {
            case TimestampFormatKind.Iso8601:
                return Utf8Parsing.TryParseIsoTimestamp(field, out time);
            case TimestampFormatKind.UnixSeconds:
                return Utf8Parsing.TryParseUnix(field, UnixTime.MicrosecondsPerSecond, out time);
            case TimestampFormatKind.UnixMilliseconds:
                return Utf8Parsing.TryParseUnix(field, 1000, out time);
            default:
                bool parsed = DateTime.TryParseExact(
                    Encoding.UTF8.GetString(Utf8Parsing.TrimBlanks(field)),
                    format.Pattern,
                    CultureInfo.InvariantCulture,
                    DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal,
                    out DateTime value);
                time = parsed ? UnixTime.ToMicroseconds(value) : 0;
                return parsed;
        }
    }
}
