// The batch framework on the shipped Azure predictive-maintenance data (machines 1-20, first 90 days), in daily batches.
//
//   dotnet run --project samples/BatchPipeline [-- [--output <folder>] [--lake <location>]]
//
// The first run lays out a pipeline folder (pdm.json, the logs, one gzip CSV per day in staging/ and a late gateway
// file with faulty rows), then runs one batch: every staged file is ingested exactly once (cleaned, its rejected rows
// quarantined with file, line, column and reason, its clean rows appended to the telemetry Delta table), features are
// computed incrementally into the features table, and the anomaly detector and the time-until-service model are
// trained, logged, registered and promoted; the Production models score the new rows into the predictions table, and
// the run ends by writing the HTML dashboard. Running it again finds nothing new and adds no rows anywhere (predictions
// and data-quality summary included); killing it mid-batch and running it again completes the batch without duplicates.
//
// --lake puts the Delta tables, the tracking store, the staging area (<lake>/staging) and the ingest state (<lake>/state: ledger, feature
// state, the pipeline's lease) in object storage instead of <folder>: az://lake/pdm is container "lake" of the account
// AZURE_STORAGE_CONNECTION_STRING names (UseDevelopmentStorage=true for Azurite), created here when missing (the library
// never creates containers); abfss://, https:// and s3:// locations work too, in an existing container or bucket. The
// laid-out staged files are uploaded to <lake>/staging, as a gateway would drop them there; the tracking store (runs and
// registry) is <lake>/tracking.
using Azure.Storage.Blobs;
using Microsoft.Extensions.Logging;
using PredictiveMaintenance.Pipeline;
using PredictiveMaintenance.Storage;

var settings = new Dictionary<string, string>(StringComparer.Ordinal);
for (int i = 0; i < args.Length; i += 2)
{
    if (args[i] is not ("--output" or "--lake") || i + 1 == args.Length)
    {
        Console.Error.WriteLine($"Unknown argument '{args[i]}' or a missing value; usage: [--output <folder>] [--lake <location>].");
        return 2;
    }

    settings[args[i]] = args[i + 1];
}

string output = Path.GetFullPath(settings.GetValueOrDefault("--output") ?? Path.Combine("artifacts", "batch-pipeline"));
string config = Path.Combine(output, BatchPipelineConfiguration.DefaultFileName);
if (!File.Exists(config))
{
    await AzurePdmStarter.CreateAsync(output, Path.Combine(AppContext.BaseDirectory, "data", "azure-pdm"));
    Console.WriteLine($"Laid out {output}: pdm.json, logs/ and {Directory.GetFiles(Path.Combine(output, "staging")).Length} staged files.");
}

using ILoggerFactory logging = LoggerFactory.Create(b => b.AddSimpleConsole(o => o.SingleLine = true).SetMinimumLevel(LogLevel.Warning));
BatchPipelineOptions options = BatchPipelineConfiguration.Load(config);
if (settings.GetValueOrDefault("--lake") is { } lake)
{
    if (lake.StartsWith("az://", StringComparison.OrdinalIgnoreCase))
    {
        string connection = Environment.GetEnvironmentVariable("AZURE_STORAGE_CONNECTION_STRING")
            ?? throw new InvalidOperationException($"--lake {lake}: set AZURE_STORAGE_CONNECTION_STRING to the storage account (UseDevelopmentStorage=true for Azurite).");
        await new BlobServiceClient(connection).GetBlobContainerClient(new Uri(lake).Host).CreateIfNotExistsAsync();
    }

    string localStaging = options.ResolvePath(options.Staging);
    options.Tables = lake;
    options.Staging = StorageLocation.Combine(lake, "staging");
    options.State = StorageLocation.Combine(lake, "state");
    options.Tracking = StorageLocation.Combine(lake, "tracking");
    ObjectStore staging = StorageLocation.Open(options.Staging, options.Storage);
    foreach (string file in Directory.EnumerateFiles(localStaging, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
    {
        // Put only if absent: a rerun finds the files there already and uploads nothing.
        string name = Path.GetRelativePath(localStaging, file).Replace('\\', '/');
        await staging.PutIfAbsentAsync(name, await File.ReadAllBytesAsync(file), null, CancellationToken.None);
    }
}

var pipeline = new BatchPipeline(options, logging);
BatchRunSummary run = await pipeline.RunOnceAsync();

IngestSummary ingest = run.Ingest;
Console.WriteLine($"Ingest: {ingest}.");
foreach (FileBatch batch in ingest.Batches.Where(b => b.RowsQuarantined + b.RowsLate > 0))
{
    Console.WriteLine($"  batch {batch.Sequence} ({batch.File}): {batch.RowsRead} read, {batch.RowsAccepted} accepted, {batch.RowsQuarantined} quarantined, {batch.RowsLate} late");
}

if (run.Training is { } training)
{
    Console.WriteLine($"Training set: {training.TrainingRows:N0} rows to train, {training.TestRows:N0} held out (last 14 days).");
    foreach (TrainedModel model in training.Models)
    {
        string metrics = string.Join(", ", model.Metrics.Where(m => m.Key.StartsWith("test_", StringComparison.Ordinal)).Select(m => $"{m.Key} {m.Value:0.###}"));
        Console.WriteLine($"  {model.Name} v{model.Version} ({metrics}): {(model.Promoted ? "promoted to Production" : "not promoted")}: {model.PromotionReason}");
    }
}
else
{
    Console.WriteLine("Training: nothing new was ingested, so the registered models stand.");
}

if (run.Scoring.Models.Count == 0)
{
    Console.WriteLine("Scoring: no Production model yet.");
}

foreach (ScoredModel model in run.Scoring.Models)
{
    Console.WriteLine(model.AlreadyScored
        ? $"Scoring: {model.Name} v{model.Version} had scored every ingested row already."
        : $"Scoring: {model.Name} v{model.Version} wrote {model.RowsWritten:N0} predictions{(model.RowsUnscored > 0 ? $" ({model.RowsUnscored:N0} rows had no prediction: missing inputs, such as a machine's first reading)" : "")}.");
}

PipelineTables tables = await pipeline.GetTablesAsync();
Console.WriteLine("Delta tables:");
Console.WriteLine($"  telemetry    {tables.Telemetry} (version {tables.TelemetryVersion})");
Console.WriteLine($"  quarantine   {tables.Quarantine} (version {tables.QuarantineVersion})");
Console.WriteLine($"  data quality {tables.DataQuality} (version {tables.DataQualityVersion})");
Console.WriteLine($"  features     {tables.Features} (version {tables.FeaturesVersion})");
Console.WriteLine($"  predictions  {tables.Predictions} (version {tables.PredictionsVersion})");
Console.WriteLine($"Dashboard: {run.Dashboard}");
Console.WriteLine($"Ledger: {StorageLocation.Combine(pipeline.StateFolder, IngestLedger.FileName)}; runs and registry: {pipeline.TrackingFolder}");
return 0;
