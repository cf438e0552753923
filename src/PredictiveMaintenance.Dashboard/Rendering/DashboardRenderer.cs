using System.Globalization;
using System.Text;

namespace PredictiveMaintenance.Dashboard;

/// <summary>
/// Writes a <see cref="DashboardReport"/> as one self-contained HTML page: inline CSS, charts as inline SVG and a few
/// lines of inline script to sort the fleet table. The page makes no request of its own (no CDN, fonts or images), so
/// it opens offline, from a file share or as an e-mail attachment.
/// </summary>
/// <remarks>
/// Sections: the fleet overview (every asset ranked by risk, with a bar of the predicted time until service for each of
/// the first <see cref="DashboardRenderOptions.AssetSections"/>), one section for each of those assets in risk order (a
/// chart per telemetry channel and of the anomaly score, alarms shaded on each, and the predicted time until service),
/// the registered models with their metrics and stage transitions, and the data-quality counts per batch. Lines are
/// downsampled per <see cref="DashboardRenderOptions.Buckets"/>. The renderer is immutable and thread-safe.
/// </remarks>
public sealed class DashboardRenderer
{
    // Sorting the fleet table: numbers compare as numbers, empty cells sort last in either direction.
    private const string Script = """
        document.querySelectorAll('table.sortable th[data-sort]').forEach(function (th) {
          th.addEventListener('click', function () {
            var table = th.closest('table'), body = table.tBodies[0], column = th.cellIndex;
            var descending = th.getAttribute('aria-sort') === 'ascending';
            table.querySelectorAll('th[aria-sort]').forEach(function (h) { h.removeAttribute('aria-sort'); });
            th.setAttribute('aria-sort', descending ? 'descending' : 'ascending');
            var rows = Array.prototype.slice.call(body.rows);
            rows.sort(function (a, b) {
              var x = a.cells[column].getAttribute('data-v'), y = b.cells[column].getAttribute('data-v');
              if (x === '' || y === '') { return x === y ? 0 : (x === '' ? 1 : -1); }
              var order = th.getAttribute('data-sort') === 'number' ? parseFloat(x) - parseFloat(y) : x.localeCompare(y, undefined, { numeric: true });
              return descending ? -order : order;
            });
            rows.forEach(function (row) { body.appendChild(row); });
          });
        });
        """;

    private const string Css = """
        *, *::before, *::after { box-sizing: border-box; }
        :root { --fg: #1f2933; --muted: #616e7c; --line: #d9e2ec; --alarm: #d64545; --ok: #2f8132; --accent: #2563eb; }
        body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--fg); margin: 0 auto; padding: 16px 24px 48px; max-width: 1040px; }
        h1 { font-size: 24px; margin: 8px 0 0; } h2 { font-size: 19px; margin: 32px 0 8px; border-bottom: 1px solid var(--line); padding-bottom: 4px; }
        h3 { font-size: 16px; margin: 0; display: inline; } .meta, .note { color: var(--muted); }
        table { border-collapse: collapse; margin: 8px 0 16px; display: block; max-width: 100%; overflow-x: auto; }
        th, td { padding: 4px 10px; border-bottom: 1px solid var(--line); text-align: right; white-space: nowrap; } td.text { white-space: normal; overflow-wrap: anywhere; min-width: 6em; }
        th:first-child, td:first-child, td.text, th.text { text-align: left; } th { font-weight: 600; background: #f5f7fa; }
        th[data-sort] { cursor: pointer; } th[aria-sort=ascending]::after { content: " \25B2"; } th[aria-sort=descending]::after { content: " \25BC"; }
        .badge { display: inline-block; padding: 0 8px; border-radius: 9px; font-size: 12px; color: #fff; background: var(--muted); }
        .badge.alarm { background: var(--alarm); } .badge.ok { background: var(--ok); } .badge.Production { background: var(--ok); } .badge.Staging { background: var(--accent); }
        details.asset { margin: 12px 0; border: 1px solid var(--line); border-radius: 6px; padding: 8px 12px; } details.asset > summary { cursor: pointer; }
        svg.chart { display: block; max-width: 100%; height: auto; margin: 4px 0; }
        svg .plot { fill: #fbfcfd; stroke: var(--line); } svg .grid line { stroke: #e4e7eb; stroke-width: 1; }
        svg text { font-size: 11px; fill: var(--muted); } svg .ylabel { text-anchor: end; } svg .xlabel { text-anchor: middle; }
        svg .title { font-size: 12px; font-weight: 600; fill: var(--fg); } svg .empty { text-anchor: middle; }
        svg .series { fill: none; stroke-width: 1.3; stroke-linejoin: round; stroke-linecap: round; }
        svg .telemetry { stroke: #3e7cb1; } svg .score { stroke: #b44d12; } svg .service { stroke: #1b7f5b; }
        svg .alarm { fill: var(--alarm); fill-opacity: .3; } svg .bar { fill: #3e7cb1; } svg .bar.alarm { fill: var(--alarm); fill-opacity: 1; }
        """;

    private readonly DashboardRenderOptions _options;

    /// <summary>Creates a renderer.</summary>
    /// <param name="options">Chart sizes and downsampling; null for the defaults.</param>
    /// <exception cref="ArgumentOutOfRangeException">The options are invalid.</exception>
    public DashboardRenderer(DashboardRenderOptions? options = null)
    {
        _options = options ?? new DashboardRenderOptions();
        _options.Validate();
    }

    /// <summary>Returns the page as a string.</summary>
    /// <param name="report">The report.</param>
    public string Render(DashboardReport report)
    {
        using var writer = new StringWriter(CultureInfo.InvariantCulture);
        Render(report, writer);
        return writer.ToString();
    }

    /// <summary>Writes the page to a file (UTF-8), replacing it.</summary>
    /// <param name="report">The report.</param>
    /// <param name="path">The HTML file; its folder is created if missing.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    public async Task RenderAsync(DashboardReport report, string path, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        string html = Render(report);
        string? folder = Path.GetDirectoryName(Path.GetFullPath(path));
        if (folder is not null)
        {
            Directory.CreateDirectory(folder);
        }

        await File.WriteAllTextAsync(path, html, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Writes the page.</summary>
    /// <param name="report">The report.</param>
    /// <param name="writer">Where to write the HTML.</param>
    public void Render(DashboardReport report, TextWriter writer)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(writer);
        string title = SvgChart.Encode(report.Title);
        writer.Write("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">");
        writer.Write("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'\">");
        writer.Write($"<title>{title}</title><style>{Css}</style></head><body>\n");
        writer.Write($"<header><h1>{title}</h1><p class=\"meta\">Generated {Instant(report.GeneratedAt)} · {Count(report.Assets.Count, "asset")} · {Count(report.Models.Count, "registered model")} · {Count(report.DataQuality.Count, "ingested batch", "ingested batches")}</p></header>\n");
        WriteFleet(report, writer, _options.AssetSections);
        WriteAssets(report, writer);
        WriteModels(report, writer);
        WriteDataQuality(report, writer);
        writer.Write($"<script>{Script}</script>\n</body></html>\n");
    }

    private static void WriteFleet(DashboardReport report, TextWriter w, int sections)
    {
        w.Write("<section id=\"fleet\"><h2>Fleet overview</h2>");
        if (report.Fleet.Count == 0)
        {
            w.Write("<p class=\"note\">No assets.</p></section>\n");
            return;
        }

        w.Write("<p class=\"note\">Ranked by risk: assets in alarm first, then by shortest predicted time until service, then by highest anomaly score. Click a column to sort.</p>");
        w.Write("<table class=\"sortable fleet\"><thead><tr><th data-sort=\"number\">Risk</th><th class=\"text\" data-sort=\"text\">Asset</th><th class=\"text\" data-sort=\"number\">Status</th>");
        w.Write("<th data-sort=\"number\">Anomaly score</th><th data-sort=\"number\">Alarms</th><th data-sort=\"number\">Time until service</th><th data-sort=\"number\">Last reading</th><th data-sort=\"number\">Last scored</th></tr></thead><tbody>");
        foreach (AssetSummary a in report.Fleet)
        {
            string status = a.LastScored is null ? "<span class=\"badge\">not scored</span>" : a.LatestAlarm ? "<span class=\"badge alarm\">alarm</span>" : "<span class=\"badge ok\">normal</span>";
            string id = SvgChart.Encode(a.AssetId);
            string link = a.RiskRank <= sections ? Invariant($"<a href=\"#{AnchorOf(a.RiskRank)}\">{id}</a>") : id;
            w.Write(Invariant($"<tr><td data-v=\"{a.RiskRank}\">{a.RiskRank}</td><td class=\"text\" data-v=\"{id}\">{link}</td>"));
            w.Write(Invariant($"<td class=\"text\" data-v=\"{(a.LastScored is null ? 2 : a.LatestAlarm ? 0 : 1)}\">{status}</td>"));
            w.Write(Invariant($"<td data-v=\"{Number(a.LatestScore, "R")}\">{Number(a.LatestScore, "0.000")}</td><td data-v=\"{a.AlarmCount}\">{a.AlarmCount:N0}</td>"));
            w.Write(Invariant($"<td data-v=\"{Number(a.TimeUntilService, "R")}\">{Duration(a.TimeUntilService, report.TimeKind)}</td>"));
            w.Write(Invariant($"<td data-v=\"{a.LastReading}\">{Time(a.LastReading, report.TimeKind)}</td><td data-v=\"{a.LastScored}\">{Time(a.LastScored, report.TimeKind)}</td></tr>"));
        }

        w.Write("</tbody></table>");
        WriteServiceBars(report, w, sections);
        w.Write("</section>\n");
    }

    /// <summary>A horizontal bar per asset with a section, in risk order, of its predicted time until service; red for an asset in alarm.</summary>
    private static void WriteServiceBars(DashboardReport report, TextWriter w, int sections)
    {
        AssetSummary[] predicted = [.. report.Fleet.Take(sections).Where(a => double.IsFinite(a.TimeUntilService))];
        if (predicted.Length == 0)
        {
            return;
        }

        const int Label = 120, Row = 16, Width = 720;
        double max = Math.Max(1, predicted.Max(a => a.TimeUntilService));
        int height = (predicted.Length * Row) + 8;
        w.Write(Invariant($"<svg class=\"chart bars\" viewBox=\"0 0 {Width} {height}\" width=\"{Width}\" height=\"{height}\" role=\"img\" aria-label=\"Predicted time until service by asset\">"));
        for (int i = 0; i < predicted.Length; i++)
        {
            AssetSummary a = predicted[i];
            double y = 4 + (i * Row);
            double length = Math.Max(1, Math.Max(0, a.TimeUntilService) / max * (Width - Label - 80));
            w.Write(Invariant($"<text class=\"ylabel\" x=\"{Label - 6}\" y=\"{SvgChart.F(y + 11)}\">{SvgChart.Encode(a.AssetId)}</text>"));
            w.Write(Invariant($"<rect class=\"bar{(a.LatestAlarm ? " alarm" : string.Empty)}\" x=\"{Label}\" y=\"{SvgChart.F(y + 2)}\" width=\"{SvgChart.F(length)}\" height=\"{Row - 4}\"/>"));
            w.Write(Invariant($"<text x=\"{SvgChart.F(Label + length + 4)}\" y=\"{SvgChart.F(y + 11)}\">{Duration(a.TimeUntilService, report.TimeKind)}</text>"));
        }

        w.Write("</svg>");
    }

    private void WriteAssets(DashboardReport report, TextWriter w)
    {
        w.Write("<section id=\"assets\"><h2>Assets</h2>");
        int sections = Math.Min(_options.AssetSections, report.Assets.Count);
        if (sections == 0 && report.Assets.Count > 0)
        {
            w.Write("<p class=\"note\">No asset is drawn (AssetSections is 0); the fleet overview lists them all.</p>");
        }
        else if (sections < report.Assets.Count)
        {
            int others = report.Assets.Count - sections;
            w.Write(Invariant($"<p class=\"note\">The {Count(sections, "asset")} at highest risk; the other {others:N0} {(others == 1 ? "is" : "are")} listed in the fleet overview.</p>"));
        }

        var selection = new List<int>();
        for (int i = 0; i < sections; i++)
        {
            AssetSeries asset = report.Assets[i];
            AssetSummary summary = report.Fleet[i];
            PredictionSeries p = asset.Predictions;
            ReadOnlySpan<long> times = asset.Times.Span;
            ReadOnlySpan<long> scored = p.Times.Span;
            long from = Math.Min(times.IsEmpty ? long.MaxValue : times[0], scored.IsEmpty ? long.MaxValue : scored[0]);
            long to = Math.Max(times.IsEmpty ? long.MinValue : times[^1], scored.IsEmpty ? long.MinValue : scored[^1]);
            List<(long, long)> alarms = AlarmIntervals(scored, p.Alarms.Span);
            w.Write(Invariant($"<details class=\"asset\" id=\"{AnchorOf(summary.RiskRank)}\" open><summary><h3>{SvgChart.Encode(asset.AssetId)}</h3> <span class=\"meta\">risk {summary.RiskRank} · {asset.Times.Length:N0} readings · {p.Count:N0} scored · {alarms.Count:N0} alarm {(alarms.Count == 1 ? "interval" : "intervals")}</span></summary>"));
            if (from > to)
            {
                w.Write("<p class=\"note\">No readings or predictions.</p></details>");
                continue;
            }

            foreach (ChannelSeries channel in asset.Channels)
            {
                SvgChart.Write(w, channel.Name, times, channel.Values.Span, from, to, report.TimeKind, alarms, "telemetry", _options, selection);
            }

            if (p.Count == 0)
            {
                w.Write("<p class=\"note\">Not scored yet.</p>");
            }
            else
            {
                SvgChart.Write(w, "anomaly score (alarms shaded)", scored, p.Scores.Span, from, to, report.TimeKind, alarms, "score", _options, selection);
                if (HasNumber(p.TimeUntilService.Span))
                {
                    SvgChart.Write(w, report.TimeKind == TimeKind.UtcTimestamp ? "predicted time until service (hours)" : "predicted time until service (cycles)", scored, p.TimeUntilService.Span, from, to, report.TimeKind, [], "service", _options, selection);
                }
            }

            w.Write("</details>\n");
        }

        w.Write("</section>\n");
    }

    private static void WriteModels(DashboardReport report, TextWriter w)
    {
        w.Write("<section id=\"models\"><h2>Models</h2>");
        if (report.Models.Count == 0)
        {
            w.Write("<p class=\"note\">No registered models.</p>");
        }

        foreach (RegisteredModel model in report.Models)
        {
            string[] metrics = [.. model.Versions.SelectMany(v => v.Metrics.Keys).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)];
            w.Write($"<h3>{SvgChart.Encode(model.Name)}</h3><table class=\"versions\"><thead><tr><th>Version</th><th class=\"text\">Stage</th><th class=\"text\">Aliases</th><th class=\"text\">Registered</th><th class=\"text\">Run</th>");
            foreach (string metric in metrics)
            {
                w.Write($"<th>{SvgChart.Encode(metric)}</th>");
            }

            w.Write("</tr></thead><tbody>");
            foreach (Tracking.ModelVersion version in model.Versions)
            {
                w.Write(Invariant($"<tr><td>{version.Version}</td><td class=\"text\"><span class=\"badge {version.Stage}\">{version.Stage}</span></td><td class=\"text\">{Aliases(version)}</td><td class=\"text\">{Instant(version.Created)}</td><td class=\"text\">{(version.RunId is { } run ? SvgChart.Encode(run) : "–")}</td>"));
                foreach (string metric in metrics)
                {
                    w.Write($"<td>{(version.Metrics.TryGetValue(metric, out double value) ? Number(value, "G4") : "–")}</td>");
                }

                w.Write("</tr>");
            }

            w.Write("</tbody></table>");
            if (model.Transitions.Count > 0)
            {
                w.Write("<table class=\"transitions\"><thead><tr><th class=\"text\">When</th><th>Version</th><th class=\"text\">From</th><th class=\"text\">To</th><th class=\"text\">Who</th><th class=\"text\">Why</th></tr></thead><tbody>");
                foreach (Tracking.StageTransition t in model.Transitions)
                {
                    w.Write(Invariant($"<tr><td class=\"text\">{Instant(t.When)}</td><td>{t.Version}</td><td class=\"text\">{t.From}</td><td class=\"text\">{t.To}</td><td class=\"text\">{SvgChart.Encode(t.Who)}</td><td class=\"text\">{SvgChart.Encode(t.Why)}</td></tr>"));
                }

                w.Write("</tbody></table>");
            }
        }

        w.Write("</section>\n");
    }

    private static void WriteDataQuality(DashboardReport report, TextWriter w)
    {
        w.Write("<section id=\"data-quality\"><h2>Data quality</h2>");
        if (report.DataQuality.Count == 0)
        {
            w.Write("<p class=\"note\">No data-quality counts.</p></section>\n");
            return;
        }

        string[] reasons = [.. report.DataQuality.SelectMany(b => b.QuarantinedByReason.Keys).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)];
        w.Write("<table class=\"quality\"><thead><tr><th class=\"text\">Batch</th><th class=\"text\">Processed</th><th>Accepted</th><th>Quarantined</th>");
        foreach (string reason in reasons)
        {
            w.Write($"<th>{SvgChart.Encode(reason)}</th>");
        }

        w.Write("</tr></thead><tbody>");
        foreach (DataQualityBatch batch in report.DataQuality)
        {
            w.Write(Invariant($"<tr><td class=\"text\">{SvgChart.Encode(batch.Batch)}</td><td class=\"text\">{Instant(batch.ProcessedAt)}</td><td>{batch.AcceptedRows:N0}</td><td>{batch.QuarantinedRows:N0}</td>"));
            foreach (string reason in reasons)
            {
                w.Write(Invariant($"<td>{batch.QuarantinedByReason.GetValueOrDefault(reason):N0}</td>"));
            }

            w.Write("</tr>");
        }

        w.Write(Invariant($"</tbody><tfoot><tr><th class=\"text\">Total</th><th></th><th>{report.DataQuality.Sum(b => b.AcceptedRows):N0}</th><th>{report.DataQuality.Sum(b => b.QuarantinedRows):N0}</th>"));
        foreach (string reason in reasons)
        {
            w.Write(Invariant($"<th>{report.DataQuality.Sum(b => b.QuarantinedByReason.GetValueOrDefault(reason)):N0}</th>"));
        }

        w.Write("</tr></tfoot></table></section>\n");
    }

    /// <summary>Runs of consecutive alarmed predictions, as their first and last times.</summary>
    internal static List<(long First, long Last)> AlarmIntervals(ReadOnlySpan<long> times, ReadOnlySpan<bool> alarms)
    {
        var intervals = new List<(long, long)>();
        int start = -1;
        for (int i = 0; i <= alarms.Length; i++)
        {
            bool on = i < alarms.Length && alarms[i];
            if (on && start < 0)
            {
                start = i;
            }
            else if (!on && start >= 0)
            {
                intervals.Add((times[start], times[i - 1]));
                start = -1;
            }
        }

        return intervals;
    }

    private static bool HasNumber(ReadOnlySpan<double> values)
    {
        foreach (double v in values)
        {
            if (double.IsFinite(v))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Anchors by rank, not by asset id: ids may hold characters that are awkward in a URL fragment.</summary>
    private static string AnchorOf(int rank) => Invariant($"asset-{rank}");

    private static string Number(double value, string format) => double.IsNaN(value) ? string.Empty : value.ToString(format, CultureInfo.InvariantCulture);

    /// <summary>A time until service: hours (days from two days up) for timestamp tables, cycles for cycle tables.</summary>
    private static string Duration(double value, TimeKind kind) =>
        double.IsNaN(value) ? "–"
        : kind == TimeKind.Cycle ? Invariant($"{value:0.#} cycles")
        : Math.Abs(value) < 48 ? Invariant($"{value:0.0} h")
        : Invariant($"{value / 24:0.0} d");

    private static string Time(long? time, TimeKind kind) =>
        time is not { } t ? "–"
        : kind == TimeKind.UtcTimestamp ? UnixTime.ToDateTime(t).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture)
        : Invariant($"cycle {t}");

    /// <summary>A version's aliases as <c>@champion @shadow</c>, or a dash.</summary>
    private static string Aliases(Tracking.ModelVersion version) =>
        version.Aliases.Count == 0 ? "–" : string.Join(" ", version.Aliases.Order(StringComparer.Ordinal).Select(a => "@" + SvgChart.Encode(a)));

    private static string Instant(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture);

    private static string Count(int count, string noun, string? plural = null) =>
        Invariant($"{count:N0} {(count == 1 ? noun : plural ?? noun + "s")}");

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
