// Reading and writing Delta tables with PredictiveMaintenance.DeltaLake on the shipped Azure predictive-maintenance slice
// (20 machines, 90 days of hourly telemetry): create a telemetry table, append it in two batches, travel back to the
// first batch, read a filtered projection, print the history and export the latest snapshot to one Parquet file.
//
//   dotnet run --project samples/DeltaTables -- [<output folder>]
//
// The table goes to <output folder>/telemetry (default: a fresh folder under the system temp folder); Spark, delta-rs and
// DuckDB read it as written.
using System.Globalization;
using PredictiveMaintenance;
using PredictiveMaintenance.DeltaLake;
using PredictiveMaintenance.IO;

string output = args.Length > 0
    ? Path.GetFullPath(args[0])
    : Path.Combine(Path.GetTempPath(), "pdm-delta-sample-" + Guid.NewGuid().ToString("N")[..8]);
string tablePath = Path.Combine(output, "telemetry");
if (DeltaTable.Exists(tablePath))
{
    Console.Error.WriteLine($"{tablePath} already holds a Delta table; pass an empty folder so the versions below start at 0.");
    return 2;
}

// The loader cleans the CSV (the foundation's data-quality rules) and returns a sorted, columnar TelemetryTable.
AzurePdmData data = await AzurePdmDataset.LoadAsync(Path.Combine(AppContext.BaseDirectory, "data", "azure-pdm"));
TelemetryTable telemetry = data.Telemetry.Table;
Console.WriteLine($"Loaded {telemetry.RowCount:N0} rows of {telemetry.AssetCount} machines, channels {string.Join(", ", telemetry.Schema.Channels.Select(c => c.Name))}.");

// Version 0: an empty table whose metadata records the TelemetrySchema, so reads need no column mapping. Partitioning by
// day lets a filter on the day skip whole folders; we append 45 days at a time, so the files are not small.
DeltaTable table = await DeltaTable.CreateAsync(tablePath, telemetry.Schema, new DeltaTelemetryCreateOptions
{
    Name = "telemetry",
    PartitionByDay = true,
});

// Versions 1 and 2: the 90 days in two batches of 45, as a periodic ingest would deliver them. The application id and
// version make each append idempotent: a rerun of batch 1 after a crash commits nothing.
long[] times = telemetry.Times.ToArray();
long split = times.Min() + (45 * UnixTime.MicrosecondsPerDay);
TelemetryTable[] batches = [TakeTimes(telemetry, t => t < split), TakeTimes(telemetry, t => t >= split)];
for (int b = 0; b < batches.Length; b++)
{
    var write = new DeltaWriteOptions { ApplicationId = "delta-sample", ApplicationVersion = b + 1 };
    DeltaCommitResult commit = await table.AppendAsync(batches[b], write);
    Console.WriteLine($"Batch {b + 1}: {commit.RowsWritten:N0} rows in {commit.FilesAdded} files, version {commit.Version}.");
}

DeltaCommitResult rerun = await table.AppendAsync(batches[0], new DeltaWriteOptions { ApplicationId = "delta-sample", ApplicationVersion = 1 });
Console.WriteLine($"Batch 1 again: skipped = {rerun.Skipped} (the table remembers application versions in its log).");

// Time travel: version 1 is the table as it was after the first batch, whatever was appended since.
DeltaSnapshot latest = await table.GetSnapshotAsync();
DeltaSnapshot firstBatch = await table.GetSnapshotAtVersionAsync(1);
TelemetryBatch asOfVersion1 = await firstBatch.ReadTelemetryAsync();
Console.WriteLine($"Version {latest.Version}: {latest.RowCount:N0} rows; version 1: {asOfVersion1.Table.RowCount:N0} rows.");

// A filtered projection: only the vibration column of the last week is read. The day filter prunes partitions from the
// log alone; the other columns' pages are never decoded.
var lastWeek = DateOnly.FromDateTime(UnixTime.ToDateTime(times.Max())).AddDays(-6);
TelemetryBatch vibration = await latest.ReadTelemetryAsync(new DeltaTelemetryReadOptions
{
    Channels = ["vibration"],
    Filter = DeltaPredicate.GreaterThanOrEqual("day", lastWeek),
});
Console.WriteLine($"Since {lastWeek:yyyy-MM-dd}: {vibration.Table.RowCount:N0} rows read from {latest.GetFiles(DeltaPredicate.GreaterThanOrEqual("day", lastWeek)).Count} of {latest.Files.Count} files, "
    + $"channels {string.Join(", ", vibration.Table.Schema.Channels.Select(c => c.Name))}, "
    + string.Create(CultureInfo.InvariantCulture, $"mean vibration {Mean(vibration.Table.GetChannel("vibration")):0.00}."));

// The history, newest first, as `pdm table info` prints it: one line per commit with its operation and parameters.
Console.WriteLine();
Console.WriteLine("version  timestamp (UTC)       operation     parameters");
foreach (DeltaCommitInfo commit in await table.GetHistoryAsync())
{
    string parameters = commit.OperationParameters is null ? "" : string.Join(", ", commit.OperationParameters.Select(p => $"{p.Key}={p.Value}"));
    Console.WriteLine($"{commit.Version,7}  {commit.Timestamp.UtcDateTime:yyyy-MM-dd HH:mm:ss}   {commit.Operation,-12}  {parameters}");
}

// Export: one Parquet file for tools that do not read Delta; it streams one row group at a time.
string parquet = Path.Combine(output, "telemetry.parquet");
long exported = await latest.WriteParquetFileAsync(parquet);
Console.WriteLine();
Console.WriteLine($"Exported {exported:N0} rows to {parquet}.");
Console.WriteLine($"The Delta table is in {tablePath}.");
return 0;

// The rows whose time passes the test, kept in table order (the builder regroups them by asset).
static TelemetryTable TakeTimes(TelemetryTable source, Func<long, bool> keep)
{
    var builder = new TelemetryTableBuilder(source.Schema, source.RowCount);
    var channels = Enumerable.Range(0, source.Schema.Channels.Count).Select(c => source.GetChannel(c).ToArray()).ToArray();
    var values = new double[channels.Length];
    ReadOnlySpan<long> times = source.Times;
    for (int row = 0; row < source.RowCount; row++)
    {
        if (keep(times[row]))
        {
            for (int c = 0; c < channels.Length; c++)
            {
                values[c] = channels[c][row];
            }

            builder.Add(source.AssetIds[source.GetAssetCodeOfRow(row)], times[row], values);
        }
    }

    return builder.Build();
}

static double Mean(ReadOnlySpan<double> values)
{
    double sum = 0;
    int count = 0;
    foreach (double v in values)
    {
        if (!double.IsNaN(v))
        {
            sum += v;
            count++;
        }
    }

    return sum / count;
}
