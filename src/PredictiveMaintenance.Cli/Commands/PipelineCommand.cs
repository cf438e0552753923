using System.CommandLine;
using Microsoft.Extensions.Logging;
using PredictiveMaintenance.Cli.Display;
using PredictiveMaintenance.Pipeline;
using PredictiveMaintenance.Storage;
using PredictiveMaintenance.Tracking;
using Spectre.Console;

namespace PredictiveMaintenance.Cli.Commands;

/// <summary>What the pipeline commands share: the configuration option, the logs, the tracking store.</summary>
internal static class PipelineCommand
{
    public static Option<FileInfo> ConfigOption() => new("--config", "-c")
    {
        Description = $"The pipeline configuration (default: {BatchPipelineConfiguration.DefaultFileName} in the current directory).",
        DefaultValueFactory = _ => new FileInfo(BatchPipelineConfiguration.DefaultFileName),
    };

    public static Option<LogLevel> LogLevelOption() => new("--log-level")
    {
        Description = "The least severe structured log written to the error stream: Trace, Debug, Information, Warning, Error, Critical or None.",
        DefaultValueFactory = _ => LogLevel.Information,
    };

    public static ILoggerFactory CreateLogging(LogLevel level) =>
        LoggerFactory.Create(b => b.AddSimpleConsole(o => { o.SingleLine = true; o.TimestampFormat = "HH:mm:ss "; o.UseUtcTimestamp = true; })
            .AddFilter((_, l) => l >= level)
            .SetMinimumLevel(level));

    public static BatchPipelineOptions Load(FileInfo config) => BatchPipelineConfiguration.Load(config.FullName);

    public static async Task<FolderTrackingStore> OpenStoreAsync(FileInfo config, CancellationToken cancellationToken)
    {
        BatchPipelineOptions options = Load(config);
        string folder = options.ResolvePath(options.Tracking);
        if (!StorageLocation.IsObjectStore(folder) && !Directory.Exists(folder))
        {
            throw new DirectoryNotFoundException($"The tracking folder '{folder}' does not exist yet; run 'pdm train' first.");
        }

        return await FolderTrackingStore.OpenExistingAsync(folder, options.Storage, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// The structured logs, to the error stream. Without <c>--log-level</c>, Information; but Warning while a live
    /// progress display is drawn, whose redraws a log line in between would tear.
    /// </summary>
    public static ILoggerFactory CreateLogging(ParseResult parse, Option<LogLevel> option, PdmConsole console) =>
        CreateLogging(parse.GetResult(option) is { Implicit: false } || !console.ShowsProgress ? parse.GetValue(option) : LogLevel.Warning);

    /// <summary>The ingest's one-line accounting, its files and the tables it wrote.</summary>
    public static async Task WriteIngestAsync(PdmConsole console, IngestSummary summary)
    {
        await console.Writer.WriteLineAsync(summary.ToString());
        if (summary.Batches.Count > 0)
        {
            Table files = console.CreateTable(">batch", "file", ">read", ">accepted", ">quarantined", ">late", ">features", "resumed");
            foreach (FileBatch b in summary.Batches)
            {
                PdmConsole.AddRow(files, Count(b.Sequence), b.File, Count(b.RowsRead), Count(b.RowsAccepted), Count(b.RowsQuarantined), Count(b.RowsLate), Count(b.FeatureRows), b.Resumed ? "yes" : "no");
            }

            PdmConsole.AddRow(files, string.Empty, "total", Count(summary.RowsRead), Count(summary.RowsAccepted), Count(summary.RowsQuarantined), Count(summary.RowsLate), Count(summary.FeatureRows), string.Empty);
            console.Write(files);
        }

        PipelineTables t = summary.Tables;
        Table tables = console.CreateTable("table", ">version", ">rows added", "path");
        PdmConsole.AddRow(tables, "telemetry", Version(t.TelemetryVersion), Count(summary.RowsAccepted), t.Telemetry);
        PdmConsole.AddRow(tables, "quarantine", Version(t.QuarantineVersion), Count(summary.RowsQuarantined + summary.RowsLate), t.Quarantine);
        PdmConsole.AddRow(tables, "features", Version(t.FeaturesVersion), Count(summary.FeatureRows), t.Features);
        PdmConsole.AddRow(tables, "quality", Version(t.DataQualityVersion), summary.Batches.Count == 0 ? Count(0) : string.Empty, t.DataQuality);
        console.Write(tables);
    }

    /// <summary>What each Production model scored, and the predictions table.</summary>
    public static async Task WriteScoringAsync(PdmConsole console, ScoringSummary summary)
    {
        if (summary.Models.Count == 0)
        {
            await console.Writer.WriteLineAsync("scoring: no Production model yet (train, or promote a version)");
            return;
        }

        Table models = console.CreateTable("model", ">version", ">predictions written", ">rows without a prediction", "note");
        foreach (ScoredModel model in summary.Models)
        {
            PdmConsole.AddRow(models, model.Name, Count(model.Version), Count(model.RowsWritten), Count(model.RowsUnscored), model.AlreadyScored ? "every ingested row already scored" : string.Empty);
        }

        console.Write(models);
        await console.Writer.WriteLineAsync($"predictions {summary.PredictionsTable}");
    }

    /// <summary>The training set's size and each model trained: version, run, held-out metrics, promotion.</summary>
    public static async Task WriteTrainingAsync(PdmConsole console, TrainingSummary summary)
    {
        await console.Writer.WriteLineAsync(FormattableString.Invariant($"training set: {summary.TrainingRows} rows to train, {summary.TestRows} held out"));
        Table models = console.CreateTable("model", ">version", "run", "held-out metrics", "promoted");
        foreach (TrainedModel model in summary.Models)
        {
            string metrics = string.Join(", ", model.Metrics.Where(m => m.Key.StartsWith("test_", StringComparison.Ordinal)).Select(m => FormattableString.Invariant($"{m.Key} {m.Value:0.####}")));
            PdmConsole.AddRow(models, model.Name, Count(model.Version), model.RunId, metrics, model.Promoted ? "yes" : "no");
        }

        console.Write(models);
        foreach (TrainedModel model in summary.Models)
        {
            await console.Writer.WriteLineAsync($"{model.Name} v{model.Version} {(model.Promoted ? "promoted to Production" : "not promoted")}: {model.PromotionReason}");
        }
    }

    /// <summary>The stages that ran, what each did in a phrase, and how long each took.</summary>
    public static void WriteStages(PdmConsole console, IngestSummary? ingest, TrainingSummary? training, ScoringSummary? scoring, (string Path, TimeSpan Elapsed)? dashboard = null, TimeSpan? total = null)
    {
        Table stages = console.CreateTable("stage", "result", ">time");
        if (ingest is not null)
        {
            PdmConsole.AddRow(stages, "ingest", FormattableString.Invariant(
                $"{ingest.Batches.Count} files, {Count(ingest.RowsRead)} rows read: {Count(ingest.RowsAccepted)} accepted, {Count(ingest.RowsQuarantined)} quarantined, {Count(ingest.RowsLate)} late"), Duration(ingest.Elapsed));
        }

        if (training is not null)
        {
            PdmConsole.AddRow(stages, "train", FormattableString.Invariant(
                $"{training.Models.Count} models on {Count(training.TrainingRows)} rows ({Count(training.TestRows)} held out), {training.Models.Count(m => m.Promoted)} promoted"), Duration(training.Elapsed));
        }

        if (scoring is not null)
        {
            PdmConsole.AddRow(stages, "score", scoring.Models.Count == 0 ? "no Production model" : $"{Count(scoring.RowsWritten)} predictions written", Duration(scoring.Elapsed));
        }

        if (dashboard is { } written)
        {
            PdmConsole.AddRow(stages, "dashboard", written.Path, Duration(written.Elapsed));
        }

        if (total is { } all)
        {
            PdmConsole.AddRow(stages, "total", string.Empty, Duration(all));
        }

        console.Write(stages);
    }

    /// <summary>A count as the tables print it: invariant, with thousands separators.</summary>
    public static string Count(long value) => value.ToString("N0", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>A duration as the tables print it: seconds with two decimals, minutes and seconds from a minute on.</summary>
    public static string Duration(TimeSpan elapsed) => elapsed < TimeSpan.FromMinutes(1)
        ? FormattableString.Invariant($"{elapsed.TotalSeconds:0.00} s")
        : FormattableString.Invariant($"{(int)elapsed.TotalMinutes} min {elapsed.Seconds:00} s");

    private static string Version(long? version) => version is { } v ? v.ToString(System.Globalization.CultureInfo.InvariantCulture) : "none yet";

}
