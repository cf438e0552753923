using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text.Json;
using PredictiveMaintenance;
using PredictiveMaintenance.DeltaLake;
using PredictiveMaintenance.Features;
using PredictiveMaintenance.IO;
using PredictiveMaintenance.Models.Anomaly;
using PredictiveMaintenance.ScaleRun;
using PredictiveMaintenance.Simulation;

// The scale benchmark (issue 10): one long, single pass of the acquisition and feature stages over a simulated fleet,
// timed per stage. BenchmarkDotNet repeats short operations to get distributions; a pass over 87.6 million rows is one
// measurement, so this is a plain console program that times its stages with Stopwatch and samples memory.
//
//   dotnet run -c Release --project benchmarks/PredictiveMaintenance.ScaleRun -- --assets 1000 [--days 365]
//       [--batch-rows 1000000] [--minutes 0] [--min-free-gb 0] [--sample-assets 100] [--work DIR] [--keep] [--json FILE]
//
// With "distributed" first, the distributed scale curve instead (issue 17, DistributedScaleRun).
if (args is ["distributed", ..])
{
    return await DistributedScaleRun.RunAsync(args[1..]);
}

var arguments = ScaleArguments.Parse(args);
string work = arguments.Work ?? Path.Combine(Path.GetTempPath(), $"pdm-scale-{arguments.Assets}-{Environment.ProcessId}");
if (Directory.Exists(work))
{
    Directory.Delete(work, recursive: true);
}

const string Spec = "volt: mean(24h), std(24h); rotate: mean(24h), std(24h); pressure: mean(24h), std(24h); vibration: mean(24h), std(24h), max(3h)";
var simulator = new FleetSimulator(new FleetSimulationOptions { AssetCount = arguments.Assets, ReadingsPerAsset = (int)Math.Round(arguments.Days * 24), Seed = 2015 });
var computer = new FeatureComputer(FeatureSpec.Parse(Spec));
FeatureState state = FeatureState.Initial(computer.Spec);
var readOptions = new DelimitedTextOptions { Columns = AzurePdmDataset.TelemetryColumns, DataQuality = simulator.QualityOptions, BatchRows = arguments.BatchRows };
DeltaTable telemetryDelta = await DeltaTable.CreateAsync(Path.Combine(work, "telemetry"), simulator.Schema);
DeltaTable featureDelta = await DeltaTable.CreateAsync(Path.Combine(work, "features"), computer.GetOutputSchema(simulator.Schema));
HashSet<string> sampleIds = [.. Enumerable.Range(1, Math.Min(arguments.SampleAssets, arguments.Assets)).Select(i => i.ToString(CultureInfo.InvariantCulture))];
var sample = new List<TelemetryTable>();

Console.WriteLine(FormattableString.Invariant(
    $"scale run: {arguments.Assets:N0} assets x {simulator.Options.ReadingsPerAsset:N0} hourly readings = {simulator.Readings:N0} readings, batches of {arguments.BatchRows:N0} rows, {Environment.ProcessorCount} cores, {RuntimeInformation.FrameworkDescription}, {RuntimeInformation.OSDescription}"));
StageClock ingest = new(), featureClock = new(), deltaTelemetry = new(), deltaFeatures = new(), overall = new();
long acceptedRows = 0, inputRows = 0, quarantinedRows = 0, featureRows = 0, peakHeap = 0;
int batches = 0;
string? stoppedBy = null;
long lastTime = 0;
var total = Stopwatch.StartNew();
var overallStart = overall.Now();
long lastReport = 0;
var csv = new TimedStream(simulator.OpenTelemetryCsv());
await using (var reader = new DelimitedTelemetryReader(csv, readOptions, "simulated"))
{
    await using IAsyncEnumerator<TelemetryBatch> batchesOf = reader.ReadBatchesAsync().GetAsyncEnumerator();
    while (true)
    {
        (long simulatedWall, TimeSpan simulatedCpu) = (csv.Clock.WallTicks, csv.Clock.Cpu);
        var start = ingest.Now();
        bool more = await batchesOf.MoveNextAsync();
        ingest.AddSince(start);
        ingest.Subtract(csv.Clock.WallTicks - simulatedWall, csv.Clock.Cpu - simulatedCpu);
        if (!more)
        {
            break;
        }

        TelemetryBatch batch = batchesOf.Current;
        start = featureClock.Now();
        TelemetryTable features = computer.ComputeBatch(batch.Table, state, out state);
        featureClock.AddSince(start);

        start = deltaTelemetry.Now();
        await telemetryDelta.AppendAsync(batch.Table);
        deltaTelemetry.AddSince(start);
        start = deltaFeatures.Now();
        await featureDelta.AppendAsync(features);
        deltaFeatures.AddSince(start);

        TelemetryTable sampled = features.SelectAssets(sampleIds);
        if (sampled.RowCount > 0)
        {
            sample.Add(sampled);
        }

        batches++;
        acceptedRows += batch.Table.RowCount;
        inputRows += batch.Report.InputRows;
        quarantinedRows += batch.Report.QuarantinedRows;
        featureRows += features.RowCount;
        lastTime = Math.Max(lastTime, batch.Table.RowCount > 0 ? batch.Table.Times[batch.Table.RowCount - 1] : 0);
        peakHeap = Math.Max(peakHeap, GC.GetGCMemoryInfo().HeapSizeBytes);
        if (total.Elapsed.TotalSeconds - lastReport >= 60)
        {
            lastReport = (long)total.Elapsed.TotalSeconds;
            Console.WriteLine(FormattableString.Invariant(
                $"  {total.Elapsed:hh\\:mm\\:ss} {acceptedRows:N0} rows ({100.0 * inputRows / simulator.Readings:F1}%), {acceptedRows / total.Elapsed.TotalSeconds:N0} rows/s, working set {Environment.WorkingSet / 1e6:N0} MB"));
        }

        if (arguments.Minutes > 0 && total.Elapsed.TotalMinutes >= arguments.Minutes)
        {
            stoppedBy = "time cap";
            break;
        }

        // A year of a large fleet can outgrow the disk (the Delta files take about 130 bytes a row): stop with a
        // partial result rather than fail the append.
        if (arguments.MinFreeGigabytes > 0 && new DriveInfo(Path.GetFullPath(work)).AvailableFreeSpace < arguments.MinFreeGigabytes * 1e9)
        {
            stoppedBy = "disk space";
            break;
        }
    }
}

total.Stop();
overall.AddSince(overallStart);
StageClock simulate = csv.Clock;

// Training and scoring on a fixed sample of assets, so its cost per row does not depend on the fleet's size:
// fit on the first half of the sampled assets, score the other half.
TelemetryTable sampleFeatures = TelemetryTable.Concat(sample);
sample.Clear();
string[] sampleAssets = [.. sampleFeatures.AssetIds];
TelemetryTable train = sampleFeatures.SelectAssets(sampleAssets.Take(Math.Max(1, sampleAssets.Length / 2)));
TelemetryTable test = sampleFeatures.SelectAssets(sampleAssets.Skip(Math.Max(1, sampleAssets.Length / 2)));
var fitWatch = Stopwatch.StartNew();
IsolationForestDetector detector = new IsolationForestTrainer(new IsolationForestOptions { Trees = 100, Seed = 1 }).Fit(train);
fitWatch.Stop();
var scoreWatch = Stopwatch.StartNew();
double[] scores = detector.Score(test.RowCount > 0 ? test : train);
scoreWatch.Stop();

using var process = Process.GetCurrentProcess();
process.Refresh();
StageTiming[] stages =
[
    new("simulate", simulate.WallSeconds, simulate.CpuSeconds),
    new("ingest+clean", ingest.WallSeconds, ingest.CpuSeconds),
    new("features", featureClock.WallSeconds, featureClock.CpuSeconds),
    new("delta telemetry", deltaTelemetry.WallSeconds, deltaTelemetry.CpuSeconds),
    new("delta features", deltaFeatures.WallSeconds, deltaFeatures.CpuSeconds),
    new("overall", overall.WallSeconds, overall.CpuSeconds),
];
var result = new ScaleResult(
    arguments.Assets,
    simulator.Options.ReadingsPerAsset,
    stoppedBy,
    UnixTime.ToDateTime(lastTime),
    arguments.BatchRows,
    batches,
    inputRows,
    acceptedRows,
    quarantinedRows,
    featureRows,
    computer.Spec.OutputNames.Count,
    stages,
    process.PeakWorkingSet64,
    peakHeap,
    GC.GetTotalPauseDuration().TotalSeconds,
    train.RowCount,
    fitWatch.Elapsed.TotalSeconds,
    scores.Length,
    scoreWatch.Elapsed.TotalSeconds,
    Environment.ProcessorCount,
    RuntimeInformation.FrameworkDescription,
    RuntimeInformation.OSDescription,
    DateTime.UtcNow);

Console.WriteLine(FormattableString.Invariant(
    $"{(stoppedBy is null ? "" : $"PARTIAL ({stoppedBy}) ")}{acceptedRows:N0} accepted rows of {inputRows:N0} sent ({quarantinedRows:N0} quarantined), {batches} batches, up to {result.LastTime:yyyy-MM-dd HH:mm}Z"));
Console.WriteLine("stage              wall s   wall rows/s    CPU s  CPU ns/row");
foreach (StageTiming stage in stages)
{
    Console.WriteLine(FormattableString.Invariant(
        $"{stage.Name,-16} {stage.WallSeconds,8:F1} {acceptedRows / stage.WallSeconds,13:N0} {stage.CpuSeconds,8:F1} {1e9 * stage.CpuSeconds / acceptedRows,11:F0}"));
}

Console.WriteLine(FormattableString.Invariant($"""
    peak working set {process.PeakWorkingSet64 / 1e6:N0} MB, peak GC heap {peakHeap / 1e6:N0} MB, GC pauses {result.GcPauseSeconds:F1} s
    isolation forest (100 trees) on {sampleAssets.Length} sampled assets: fit {train.RowCount:N0} rows in {fitWatch.Elapsed.TotalSeconds:F2} s ({1e9 * fitWatch.Elapsed.TotalSeconds / train.RowCount:F0} ns/row), score {scores.Length:N0} rows in {scoreWatch.Elapsed.TotalSeconds:F2} s ({1e9 * scoreWatch.Elapsed.TotalSeconds / scores.Length:F0} ns/row)
    """));

if (arguments.Json is { } json)
{
    Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(json))!);
    await File.WriteAllTextAsync(json, JsonSerializer.Serialize(result, new JsonSerializerOptions { WriteIndented = true }));
    Console.WriteLine($"wrote {json}");
}

if (!arguments.Keep)
{
    Directory.Delete(work, recursive: true);
}

return 0;
