using System.CommandLine;
using System.Globalization;
using PredictiveMaintenance.Simulation;
using Spectre.Console;

namespace PredictiveMaintenance.Cli.Commands;

/// <summary>
/// <c>pdm simulate &lt;folder&gt;</c>: writes a simulated fleet (telemetry, maintenance, failure and error logs, machines and
/// the injected faults) in the Azure predictive-maintenance layout, as CSV, gzip CSV or Parquet telemetry.
/// </summary>
internal static class SimulateCommand
{
    public static Command Create()
    {
        var folder = new Argument<DirectoryInfo>("folder") { Description = "The folder to write; created if missing, files of the same names replaced." };
        var assets = new Option<int>("--assets") { Description = "The number of machines, named 1 to N.", DefaultValueFactory = _ => 100 };
        var days = new Option<double>("--days") { Description = "How long to simulate, in days of hourly readings (one reading more than the hours, as in the Azure data).", DefaultValueFactory = _ => 365 };
        var seed = new Option<long>("--seed") { Description = "The seed: the same options write the same bytes.", DefaultValueFactory = _ => 2015 };
        var start = new Option<string>("--start") { Description = "The first reading time, UTC (ISO-8601).", DefaultValueFactory = _ => "2015-01-01T06:00:00Z" };
        var format = new Option<string>("--format") { Description = "csv, csv.gz (every file gzip) or parquet (the accepted telemetry rows in Parquet; logs in CSV).", DefaultValueFactory = _ => "csv" };
        var noFaults = new Option<bool>("--no-faults") { Description = "Inject no sensor faults (dropouts, duplicates, clock skews, spikes, missing and stuck values)." };
        var command = new Command("simulate", "Write a simulated fleet in the Azure predictive-maintenance layout (PdM_telemetry, PdM_errors, PdM_maint, PdM_failures, PdM_machines, sensor_faults).")
        {
            folder, assets, days, seed, start, format, noFaults,
        };
        command.SetAction((parse, cancellationToken) => CommandRunner.RunAsync(parse, async console =>
        {
            TextWriter writer = console.Writer;
            FleetFileFormat fileFormat = parse.GetValue(format) switch
            {
                "csv" => FleetFileFormat.Csv,
                "csv.gz" or "gz" => FleetFileFormat.CsvGzip,
                "parquet" => FleetFileFormat.Parquet,
                var other => throw new ArgumentException($"--format '{other}' is not csv, csv.gz or parquet."),
            };
            double span = parse.GetValue(days);
            if (!(span > 0 && span <= 36_500))
            {
                throw new ArgumentException(FormattableString.Invariant($"--days must be more than 0 and at most 36500; it is {span}."));
            }

            string startText = parse.GetValue(start)!;
            if (!DateTime.TryParse(startText, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out DateTime first))
            {
                throw new ArgumentException($"--start '{startText}' is not an ISO-8601 time.");
            }

            var simulator = new FleetSimulator(new FleetSimulationOptions
            {
                AssetCount = parse.GetValue(assets),
                ReadingsPerAsset = (int)Math.Round(span * 24) + 1,
                Seed = parse.GetValue(seed),
                Start = first,
                Faults = parse.GetValue(noFaults) ? SensorFaultRates.None : SensorFaultRates.Default,
            });
            string target = parse.GetValue(folder)!.FullName;
            FleetWriteSummary summary = await console.WithProgressAsync(async board =>
            {
                // Faults add and drop a few rows, so the bar's end is the fault-free count, filled when the writer is done.
                ProgressTask rows = board.Add("simulate telemetry rows", (double)simulator.Options.AssetCount * simulator.Options.ReadingsPerAsset);
                FleetWriteSummary written = await FleetWriter.WriteAsync(simulator, target, fileFormat, new Progress(rows), cancellationToken);
                rows.Value = rows.MaxValue;
                return written;
            });
            await writer.WriteLineAsync(FormattableString.Invariant(
                $"{simulator.Options.AssetCount:N0} machines, {simulator.Options.ReadingsPerAsset:N0} hourly readings each from {simulator.Options.Start:yyyy-MM-dd HH:mm}Z (seed {simulator.Options.Seed})"));
            await writer.WriteLineAsync(FormattableString.Invariant(
                $"{summary.TelemetryRows:N0} telemetry rows, {summary.Maintenance:N0} replacements, {summary.Failures:N0} failures, {summary.Errors:N0} errors, {summary.Faults:N0} injected faults"));
            await writer.WriteLineAsync($"wrote {target}: {string.Join(", ", summary.Files.Select(Path.GetFileName))}");
        }));
        return command;
    }

    /// <summary>Shows the rows written so far on a task; the writer reports synchronously.</summary>
    private sealed class Progress(ProgressTask task) : IProgress<long>
    {
        public void Report(long value)
        {
            task.MaxValue = Math.Max(task.MaxValue, value);
            task.Value = value;
        }
    }
}
