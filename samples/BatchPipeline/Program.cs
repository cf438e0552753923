// The batch framework on the shipped Azure predictive-maintenance data (machines 1-20, first 90 days), in daily batches.
//
//   dotnet run --project samples/BatchPipeline [-- --output <folder>]
//
// Phase 1, data acquisition: daily telemetry files arrive in a staging folder; each is read once, cleaned against the
// machines table (unknown machines, duplicates, non-finite and out-of-range values and bad timestamps are quarantined
// with file, line and column), and its quarantine is written out. The maintenance, error and failure logs that training
// sets are joined from are loaded alongside. Features, Delta tables, training, scoring and the dashboard join this
// sample as their packages land.
using System.Globalization;
using System.IO.Compression;
using PredictiveMaintenance;
using PredictiveMaintenance.IO;

string output = Path.GetFullPath(args.Length == 2 && args[0] == "--output" ? args[1] : Path.Combine("artifacts", "batch-pipeline"));
string data = Path.Combine(AppContext.BaseDirectory, "data", "azure-pdm");
string staging = Path.Combine(output, "staging");
string quarantine = Path.Combine(output, "quarantine");
Directory.CreateDirectory(staging);
Directory.CreateDirectory(quarantine);

AzurePdmData azure = await AzurePdmDataset.LoadAsync(data);
Console.WriteLine($"Loaded {azure.Machines.Records.Count} machines, {azure.Maintenance.Records.Count} maintenance records, " +
    $"{azure.Errors.Records.Count} errors and {azure.Failures.Records.Count} failures; telemetry: {azure.Telemetry.Report}.");

int staged = await StageDailyBatchesAsync(azure.Telemetry.Table, staging);
Console.WriteLine($"Staged {staged} daily batch files in {staging} (one has faults injected to show the quarantine).");

var quality = new DataQualityOptions
{
    KnownAssets = azure.Machines.Records.Select(m => m.AssetId).ToHashSet(StringComparer.Ordinal),
    ChannelRanges = new Dictionary<string, ValueRange> { ["volt"] = new(0, 400), ["rotate"] = new(0, 1000), ["pressure"] = new(0, 300), ["vibration"] = new(0, 150) },
};
DataQualityReport total = DataQualityReport.Empty;
var tables = new List<TelemetryTable>();
foreach (string file in Directory.EnumerateFiles(staging, "telemetry-*.csv.gz").Order(StringComparer.Ordinal))
{
    TelemetryBatch batch;
    await using (DelimitedTelemetryReader reader = DelimitedTelemetryReader.Open(file, AzurePdmDataset.TelemetryOptions(quality)))
    {
        batch = await reader.ReadAllAsync();
    }

    total = total.Add(batch.Report);
    tables.Add(batch.Table);
    if (batch.Quarantine.Count > 0)
    {
        string target = Path.Combine(quarantine, Path.GetFileName(file).Replace(".csv.gz", ".quarantine.csv", StringComparison.Ordinal));
        await QuarantineWriter.WriteCsvAsync(batch.Quarantine, target);
        Console.WriteLine($"  {Path.GetFileName(file)}: {batch.Report}");
        foreach (QuarantinedRow row in batch.Quarantine)
        {
            Console.WriteLine($"    {row.Position}: {row.Reason}: {row.Detail}");
        }
    }
}

TelemetryTable telemetry = TelemetryTable.Concat(tables);
Console.WriteLine($"Cleaned {tables.Count} batches: {total}.");
Console.WriteLine($"Telemetry: {telemetry.RowCount:N0} rows of {telemetry.AssetCount} machines, " +
    $"{UnixTime.Format(telemetry.Times[0])} to {UnixTime.Format(telemetry.GetTimes(telemetry.AssetCount - 1)[^1])}.");
Console.WriteLine($"Quarantine files: {quarantine}");

// Writes one gzip CSV per day, as a device gateway would drop them, and injects five faults into the tenth day.
static async Task<int> StageDailyBatchesAsync(TelemetryTable table, string staging)
{
    var days = new SortedDictionary<long, List<string>>();
    for (int asset = 0; asset < table.AssetCount; asset++)
    {
        Range rows = table.GetAssetRows(asset);
        for (int row = rows.Start.Value; row < rows.End.Value; row++)
        {
            long day = table.Times[row] / UnixTime.MicrosecondsPerDay;
            string values = string.Join(',', table.Schema.Channels.Select((_, c) => table.GetChannel(c)[row].ToString("R", CultureInfo.InvariantCulture)));
            string line = $"{UnixTime.ToDateTime(table.Times[row]):yyyy-MM-dd HH:mm:ss},{table.AssetIds[asset]},{values}";
            (days.TryGetValue(day, out List<string>? lines) ? lines : days[day] = []).Add(line);
        }
    }

    int index = 0;
    foreach ((long day, List<string> lines) in days)
    {
        if (++index == 10)
        {
            lines.Add(lines[0]);
            lines.Add(lines[1].Replace(lines[1].Split(',')[3], "NaN", StringComparison.Ordinal));
            lines.Add("2015-01-10 24:00:00,3,170.1,450.2,100.3,40.4");
            lines.Add("2015-01-10 12:00:00,999,170.1,450.2,100.3,40.4");
            lines.Add("2015-01-10 13:00:00,4,170.1,450.2,1000.3,40.4");
        }

        string path = Path.Combine(staging, $"telemetry-{UnixTime.ToDateTime(day * UnixTime.MicrosecondsPerDay):yyyy-MM-dd}.csv.gz");
        await using var gzip = new GZipStream(File.Create(path), CompressionLevel.Fastest);
        await using var writer = new StreamWriter(gzip) { NewLine = "\n" };
        await writer.WriteLineAsync("datetime,machineID,volt,rotate,pressure,vibration");
        foreach (string line in lines)
        {
            await writer.WriteLineAsync(line);
        }
    }

    return days.Count;
}
