using System.CommandLine;
using Microsoft.Extensions.Logging;
using PredictiveMaintenance.Pipeline;
using PredictiveMaintenance.Tracking;

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

    public static FolderTrackingStore OpenStore(FileInfo config)
    {
        BatchPipelineOptions options = Load(config);
        string folder = options.ResolvePath(options.Tracking);
        if (!Directory.Exists(folder))
        {
            throw new DirectoryNotFoundException($"The tracking folder '{folder}' does not exist yet; run 'pdm train' first.");
        }

        return FolderTrackingStore.Open(folder);
    }

    public static async Task WriteIngestAsync(TextWriter output, IngestSummary summary)
    {
        await output.WriteLineAsync(summary.ToString());
        if (summary.Batches.Count > 0)
        {
            await output.WriteLineAsync(" batch  file                                       read  accepted  quarantined  late  features  resumed");
            foreach (FileBatch b in summary.Batches)
            {
                await output.WriteLineAsync(FormattableString.Invariant(
                    $" {b.Sequence,5}  {Shorten(b.File, 40),-40} {b.RowsRead,6} {b.RowsAccepted,9} {b.RowsQuarantined,12} {b.RowsLate,5} {b.FeatureRows,9}  {(b.Resumed ? "yes" : "no")}"));
            }
        }

        PipelineTables t = summary.Tables;
        await output.WriteLineAsync($"telemetry  {t.Telemetry} (version {Version(t.TelemetryVersion)})");
        await output.WriteLineAsync($"quarantine {t.Quarantine} (version {Version(t.QuarantineVersion)})");
        await output.WriteLineAsync($"features   {t.Features} (version {Version(t.FeaturesVersion)})");
        await output.WriteLineAsync($"quality    {t.DataQuality} (version {Version(t.DataQualityVersion)})");
    }

    public static async Task WriteScoringAsync(TextWriter output, ScoringSummary summary)
    {
        if (summary.Models.Count == 0)
        {
            await output.WriteLineAsync("scoring: no Production model yet (train, or promote a version)");
            return;
        }

        foreach (ScoredModel model in summary.Models)
        {
            await output.WriteLineAsync(model.AlreadyScored
                ? $"{model.Name} v{model.Version}: every ingested row already scored"
                : FormattableString.Invariant($"{model.Name} v{model.Version}: {model.RowsWritten} predictions written ({model.RowsUnscored} rows without a prediction)"));
        }

        await output.WriteLineAsync($"predictions {summary.PredictionsTable}");
    }

    public static async Task WriteTrainingAsync(TextWriter output, TrainingSummary summary)
    {
        await output.WriteLineAsync(FormattableString.Invariant($"training set: {summary.TrainingRows} rows to train, {summary.TestRows} held out"));
        foreach (TrainedModel model in summary.Models)
        {
            string metrics = string.Join(", ", model.Metrics.Where(m => m.Key.StartsWith("test_", StringComparison.Ordinal)).Select(m => FormattableString.Invariant($"{m.Key} {m.Value:0.####}")));
            await output.WriteLineAsync($"{model.Name} v{model.Version} (run {model.RunId}): {metrics}");
            await output.WriteLineAsync($"  {(model.Promoted ? "promoted to Production" : "not promoted")}: {model.PromotionReason}");
        }
    }

    private static string Version(long? version) => version is { } v ? v.ToString(System.Globalization.CultureInfo.InvariantCulture) : "none yet";

    private static string Shorten(string text, int width) => text.Length <= width ? text : "…" + text[^(width - 1)..];
}
