using System.Globalization;

namespace PredictiveMaintenance.Dashboard;

/// <summary>Tick positions and labels of chart axes: round numbers for values and cycles, calendar steps for UTC times.</summary>
internal static class AxisTicks
{
    private static readonly long[] TimeSteps =
    [
        UnixTime.MicrosecondsPerHour, 2 * UnixTime.MicrosecondsPerHour, 3 * UnixTime.MicrosecondsPerHour, 6 * UnixTime.MicrosecondsPerHour,
        12 * UnixTime.MicrosecondsPerHour, UnixTime.MicrosecondsPerDay, 2 * UnixTime.MicrosecondsPerDay, 7 * UnixTime.MicrosecondsPerDay,
        14 * UnixTime.MicrosecondsPerDay, 28 * UnixTime.MicrosecondsPerDay, 91 * UnixTime.MicrosecondsPerDay, 364 * UnixTime.MicrosecondsPerDay,
    ];

    /// <summary>The step of round-number ticks: 1, 2 or 5 times a power of ten, the smallest at least a <paramref name="ticks"/>-th of the range (so about that many ticks).</summary>
    public static double NiceStep(double min, double max, int ticks)
    {
        double range = max - min;
        if (!(range > 0) || !double.IsFinite(range))
        {
            return 1;
        }

        double rough = range / Math.Max(1, ticks);
        double power = Math.Pow(10, Math.Floor(Math.Log10(rough)));
        foreach (double m in (ReadOnlySpan<double>)[1, 2, 5, 10])
        {
            if (m * power >= rough)
            {
                return m * power;
            }
        }

        return 10 * power;
    }

    /// <summary>The multiples of <see cref="NiceStep"/> within [min, max].</summary>
    public static List<double> Values(double min, double max, int ticks)
    {
        double step = NiceStep(min, max, ticks);

        // Below 1 a step is 1/n for a whole n, and k / n is the double nearest the decimal (0.3), which k * 0.1 is not.
        double perUnit = step < 1 ? Math.Round(1 / step) : 0;
        var values = new List<double>();
        for (double k = Math.Ceiling(min / step); k * step <= max + (step * 1e-9); k++)
        {
            values.Add(perUnit > 0 ? k / perUnit : k * step);
        }

        return values;
    }

    /// <summary>Formats a value tick with as many decimals as its step needs.</summary>
    public static string FormatValue(double value, double step)
    {
        int decimals = step >= 1 ? 0 : (int)Math.Ceiling(-Math.Log10(step) - 1e-9);
        return value.ToString("F" + decimals.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
    }

    /// <summary>Ticks of a time axis: multiples of whole hours, days or weeks since the Unix epoch (so UTC midnights for day steps), fewer than <paramref name="maxTicks"/>.</summary>
    public static List<(long Time, string Label)> Times(long from, long to, int maxTicks)
    {
        long step = TimeSteps[^1];
        foreach (long candidate in TimeSteps)
        {
            if ((to - from) / candidate < maxTicks)
            {
                step = candidate;
                break;
            }
        }

        string format = step < UnixTime.MicrosecondsPerDay ? "MM-dd HH:mm" : "yyyy-MM-dd";
        var ticks = new List<(long, string)>();
        for (long t = CeilingMultiple(from, step); t <= to; t += step)
        {
            ticks.Add((t, UnixTime.ToDateTime(t).ToString(format, CultureInfo.InvariantCulture)));
        }

        return ticks;
    }

    private static long CeilingMultiple(long value, long step)
    {
        long q = Math.DivRem(value, step, out long r);
        return (r > 0 ? q + 1 : q) * step;
    }
}
