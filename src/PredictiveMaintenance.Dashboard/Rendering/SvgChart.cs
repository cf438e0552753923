using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;

namespace PredictiveMaintenance.Dashboard;

/// <summary>A line chart over time as inline SVG: axes with round ticks, downsampled lines, and shaded alarm intervals.</summary>
internal static class SvgChart
{
    private const int Left = 56;
    private const int Right = 12;
    private const int Top = 22;
    private const int Bottom = 22;

    /// <summary>Writes one chart.</summary>
    /// <param name="html">Where to write the <c>svg</c> element.</param>
    /// <param name="title">The chart's title, drawn in its top-left corner.</param>
    /// <param name="times">The series' times, increasing.</param>
    /// <param name="values">The series' values; NaN breaks the line.</param>
    /// <param name="from">The start of the time axis.</param>
    /// <param name="to">The end of the time axis.</param>
    /// <param name="timeKind">Whether times are UTC microseconds or cycles.</param>
    /// <param name="alarms">Alarm intervals to shade, as (first, last) alarmed times.</param>
    /// <param name="seriesClass">The CSS class of the line.</param>
    /// <param name="options">Sizes and bucket count.</param>
    /// <param name="selection">A reusable buffer for the downsampled rows.</param>
    public static void Write(
        TextWriter html,
        string title,
        ReadOnlySpan<long> times,
        ReadOnlySpan<double> values,
        long from,
        long to,
        TimeKind timeKind,
        IReadOnlyList<(long First, long Last)> alarms,
        string seriesClass,
        DashboardRenderOptions options,
        List<int> selection)
    {
        int width = options.ChartWidth;
        int height = options.ChartHeight;
        double plotWidth = width - Left - Right;
        double plotHeight = height - Top - Bottom;
        if (to <= from)
        {
            to = from + 1;
        }

        (double min, double max) = FiniteRange(values);
        bool empty = double.IsNaN(min);
        if (empty)
        {
            (min, max) = (0, 1);
        }
        else if (max == min)
        {
            double pad = min == 0 ? 1 : Math.Abs(min) * 0.05;
            (min, max) = (min - pad, max + pad);
        }
        else
        {
            double pad = (max - min) * 0.05;
            (min, max) = (min - pad, max + pad);
        }

        double X(long t) => Left + ((t - from) / (double)(to - from) * plotWidth);
        double Y(double v) => Top + ((max - v) / (max - min) * plotHeight);

        html.Write(Invariant($"<svg class=\"chart\" viewBox=\"0 0 {width} {height}\" width=\"{width}\" height=\"{height}\" role=\"img\" aria-label=\"{Encode(title)}\">"));
        html.Write(Invariant($"<rect class=\"plot\" x=\"{Left}\" y=\"{Top}\" width=\"{plotWidth}\" height=\"{plotHeight}\"/>"));

        foreach ((double x0, double x1) in AlarmBands(alarms, X))
        {
            html.Write(Invariant($"<rect class=\"alarm\" x=\"{F(x0)}\" y=\"{Top}\" width=\"{F(x1 - x0)}\" height=\"{plotHeight}\"/>"));
        }

        html.Write("<g class=\"grid\">");
        double step = AxisTicks.NiceStep(min, max, 4);
        foreach (double tick in AxisTicks.Values(min, max, 4))
        {
            double y = Y(tick);
            html.Write(Invariant($"<line x1=\"{Left}\" x2=\"{Left + plotWidth}\" y1=\"{F(y)}\" y2=\"{F(y)}\"/><text class=\"ylabel\" x=\"{Left - 4}\" y=\"{F(y + 3.5)}\">{AxisTicks.FormatValue(tick, step)}</text>"));
        }

        foreach ((long time, string label) in TimeTicks(from, to, timeKind))
        {
            double x = X(time);
            html.Write(Invariant($"<line x1=\"{F(x)}\" x2=\"{F(x)}\" y1=\"{Top}\" y2=\"{Top + plotHeight}\"/><text class=\"xlabel\" x=\"{F(x)}\" y=\"{height - 6}\">{label}</text>"));
        }

        html.Write("</g>");
        if (empty)
        {
            html.Write(Invariant($"<text class=\"empty\" x=\"{F(Left + (plotWidth / 2))}\" y=\"{F(Top + (plotHeight / 2))}\">no values</text>"));
        }
        else
        {
            Downsampling.SelectM4(times, values, from, to, options.Buckets, selection);
            var path = new StringBuilder(selection.Count * 12);
            int segment = 0;
            foreach (int row in selection)
            {
                if (row == Downsampling.Gap)
                {
                    EndSegment(path, segment);
                    segment = 0;
                    continue;
                }

                path.Append(segment == 0 ? 'M' : 'L').Append(F(X(times[row]))).Append(' ').Append(F(Y(values[row])));
                segment++;
            }

            EndSegment(path, segment);
            html.Write(Invariant($"<path class=\"series {seriesClass}\" d=\"{path}\"/>"));
        }

        html.Write(Invariant($"<text class=\"title\" x=\"{Left}\" y=\"{Top - 7}\">{Encode(title)}</text></svg>"));
    }

    /// <summary>A lone point between gaps draws nothing as a line; a zero-length segment with round caps (the CSS) shows it as a dot.</summary>
    private static void EndSegment(StringBuilder path, int points)
    {
        if (points == 1)
        {
            path.Append("h0");
        }
    }

    /// <summary>The alarm intervals in pixels, at least 3 pixels wide (a one-reading alarm must still show), merged where they touch.</summary>
    private static List<(double X0, double X1)> AlarmBands(IReadOnlyList<(long First, long Last)> alarms, Func<long, double> x)
    {
        var bands = new List<(double, double)>();
        foreach ((long first, long last) in alarms)
        {
            double x0 = x(first);
            double x1 = Math.Max(x(last), x0 + 3);
            if (bands.Count > 0 && x0 <= bands[^1].Item2 + 1)
            {
                bands[^1] = (bands[^1].Item1, Math.Max(bands[^1].Item2, x1));
            }
            else
            {
                bands.Add((x0, x1));
            }
        }

        return bands;
    }

    private static List<(long Time, string Label)> TimeTicks(long from, long to, TimeKind timeKind) =>
        timeKind == TimeKind.UtcTimestamp
            ? AxisTicks.Times(from, to, 8)
            : [.. AxisTicks.Values(from, to, 8).Select(v => ((long)v, ((long)v).ToString(CultureInfo.InvariantCulture)))];

    private static (double Min, double Max) FiniteRange(ReadOnlySpan<double> values)
    {
        double min = double.NaN, max = double.NaN;
        foreach (double v in values)
        {
            if (double.IsFinite(v))
            {
                min = double.IsNaN(min) || v < min ? v : min;
                max = double.IsNaN(max) || v > max ? v : max;
            }
        }

        return (min, max);
    }

    internal static string F(double value) => value.ToString("0.#", CultureInfo.InvariantCulture);

    internal static string Encode(string text) => HtmlEncoder.Default.Encode(text);

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
