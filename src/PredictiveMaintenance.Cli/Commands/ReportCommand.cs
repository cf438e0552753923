using System.CommandLine;
using System.Globalization;
using PredictiveMaintenance.Dashboard;

namespace PredictiveMaintenance.Cli.Commands;

/// <summary>
/// <c>pdm report --telemetry &lt;table&gt; [--predictions &lt;table&gt;] [--data-quality &lt;table&gt;] [--registry &lt;store&gt;] -o &lt;file&gt;</c>:
/// the static dashboard of the pipeline's tables, one self-contained HTML file.
/// </summary>
internal static class ReportCommand
{
    public static Command Create()
    {
        var telemetry = new Option<string>("--telemetry")
        {
            Description = "The telemetry Delta table as the pipeline writes it: a folder holding _delta_log, or an object-store URI (abfss://…, az://…, s3://…).",
            Required = true,
        };
        var predictions = new Option<string?>("--predictions") { Description = "The predictions Delta table that scoring writes (asset, time, score, alarm, time_until_service, model_name, model_version, scoring_time, input_table_version)." };
        var quality = new Option<string?>("--data-quality") { Description = "The data-quality summary Delta table (batch, processed_at, outcome, rows)." };
        var registry = new Option<string?>("--registry") { Description = "The model registry (a tracking store): its folder, or an object-store URI (az://…, abfss://…, s3://…)." };
        var output = new Option<FileInfo>("--output", "-o") { Description = "The HTML file to write; replaced if it exists.", Required = true };
        var title = new Option<string>("--title") { Description = "The page title.", DefaultValueFactory = _ => "Fleet health" };
        var since = new Option<string?>("--since") { Description = "Draw only readings and predictions at or after this UTC time (ISO 8601, such as 2015-03-01 or 2015-03-01T06:00:00Z)." };
        var days = new Option<double?>("--days") { Description = "Draw only the readings and predictions of this many days before the latest reading; only the table files reaching into them are read." };
        var sections = new Option<int>("--asset-charts") { Description = "How many assets, at highest risk first, get their charts; the fleet table lists every asset.", DefaultValueFactory = _ => new DashboardRenderOptions().AssetSections };
        var channels = new Option<string[]>("--channel") { Description = "A telemetry channel to draw; repeat for several. Default: every sensor channel.", AllowMultipleArgumentsPerToken = false };
        var command = new Command("report", "Write the static HTML dashboard of the pipeline's tables: fleet ranked by risk, per-asset charts, models and data quality. Works offline.")
        {
            telemetry, predictions, quality, registry, output, title, since, days, sections, channels,
        };
        command.SetAction((parse, cancellationToken) => CommandRunner.RunAsync(parse, async writer =>
        {
            string[] chosen = parse.GetValue(channels) ?? [];
            var sources = new DashboardSources
            {
                TelemetryTable = TableCommand.Resolve(parse.GetValue(telemetry)!),
                PredictionsTable = parse.GetValue(predictions) is { } p ? TableCommand.Resolve(p) : null,
                DataQualityTable = parse.GetValue(quality) is { } q ? TableCommand.Resolve(q) : null,
                RegistryFolder = parse.GetValue(registry) is { } r ? TableCommand.Resolve(r) : null,
                Title = parse.GetValue(title)!,
                Since = parse.GetValue(since) is { } text ? ParseSince(text) : null,
                Window = parse.GetValue(days) switch
                {
                    null => null,
                    > 0 and <= 1_000_000 and double d => TimeSpan.FromDays(d),
                    double d => throw new ArgumentException(FormattableString.Invariant($"--days must be a positive number of days, at most 1,000,000; it is {d}.")),
                },
                Channels = chosen.Length == 0 ? null : chosen,
            };
            DashboardReport report = await DashboardLoader.LoadAsync(sources, cancellationToken);
            string target = parse.GetValue(output)!.FullName;
            int charted = parse.GetValue(sections) is >= 0 and int n ? n : throw new ArgumentException($"--asset-charts must be 0 or more; it is {parse.GetValue(sections)}.");
            await new DashboardRenderer(new DashboardRenderOptions { AssetSections = charted }).RenderAsync(report, target, cancellationToken);
            int scored = report.Fleet.Count(f => f.LastScored is not null);
            int alarmed = report.Fleet.Count(f => f.LatestAlarm);
            await writer.WriteLineAsync(FormattableString.Invariant(
                $"{report.Assets.Count:N0} assets ({scored:N0} scored, {alarmed:N0} in alarm), {report.Models.Count:N0} registered models, {report.DataQuality.Count:N0} ingested batches"));
            await writer.WriteLineAsync(FormattableString.Invariant($"wrote {target} ({new FileInfo(target).Length:N0} bytes)"));
        }));
        return command;
    }

    private static DateTimeOffset ParseSince(string text) =>
        DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out DateTimeOffset time)
            ? time
            : throw new ArgumentException($"--since must be an ISO 8601 time such as 2015-03-01 or 2015-03-01T06:00:00Z; it is '{text}'.");
}
