// Every anomaly detector of PredictiveMaintenance.Models on a folder of SKAB-format files (semicolon-separated, with
// `anomaly` labels), following the SKAB benchmark's outlier-detection protocol: each file is its own experiment; a
// detector is fitted on the file's first 400 rows (normal operation) and scores the rest; F1, FAR and MAR come from the
// confusion counts summed over all files (SKAB's chp_score, metric="binary"); ROC-AUC and PR-AUC are per-file means.
// One configuration per detector for every file: nothing is tuned per file.
//
//   dotnet run -c Release --project samples/SkabAnomaly -- <folder> [--json] [--train-rows 400]
//
// With no folder, the shipped valve1 experiments (samples/data/skab/valve1, GPL-3.0) are used.
using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using PredictiveMaintenance;
using PredictiveMaintenance.IO;
using PredictiveMaintenance.Models;
using PredictiveMaintenance.Models.Anomaly;
using PredictiveMaintenance.Models.Evaluation;
using PredictiveMaintenance.Models.Torch;
using PredictiveMaintenance.Samples.SkabAnomaly;

string? folder = null;
bool json = false;
int trainRows = 400;
for (int i = 0; i < args.Length; i++)
{
    switch (args[i])
    {
        case "--json":
            json = true;
            break;
        case "--train-rows" when i + 1 < args.Length && int.TryParse(args[i + 1], CultureInfo.InvariantCulture, out int rows) && rows > 0:
            trainRows = rows;
            i++;
            break;
        case var arg when !arg.StartsWith("--", StringComparison.Ordinal) && folder is null:
            folder = arg;
            break;
        default:
            Console.Error.WriteLine($"Unknown argument '{args[i]}'. Usage: SkabAnomaly [<folder>] [--json] [--train-rows N]");
            return 2;
    }
}

folder ??= Path.Combine(AppContext.BaseDirectory, "data", "skab", "valve1");
if (!Directory.Exists(folder))
{
    Console.Error.WriteLine($"No folder {folder}.");
    return 2;
}

IReadOnlyList<Candidate> candidates = Candidate.All();
var evaluators = candidates.Select(_ => new AnomalyEvaluator()).ToArray();
var files = Directory.EnumerateFiles(folder)
    .Where(f => f.EndsWith(".csv", StringComparison.OrdinalIgnoreCase) || f.EndsWith(".csv.gz", StringComparison.OrdinalIgnoreCase))
    .Order(AssetIdComparer.Instance)
    .ToList();
int used = 0;
foreach (string file in files)
{
    TelemetryTable table = (await SkabDataset.ReadFileAsync(file)).Table;
    if (table.Schema.IndexOf("anomaly") < 0)
    {
        Console.Error.WriteLine($"Skipping {Path.GetFileName(file)}: it has no 'anomaly' column to evaluate against.");
        continue;
    }

    if (table.RowCount <= trainRows)
    {
        Console.Error.WriteLine($"Skipping {Path.GetFileName(file)}: {table.RowCount} rows leave nothing to score after {trainRows} training rows.");
        continue;
    }

    used++;
    FeatureMatrix sensors = FeatureMatrix.FromTable(table);
    bool[] labels = [.. table.GetChannel("anomaly")[trainRows..].ToArray().Select(v => v > 0.5)];
    for (int c = 0; c < candidates.Count; c++)
    {
        FeatureMatrix features = candidates[c].Features(sensors);
        AnomalyDetector detector = candidates[c].Fit(features.Slice(0, trainRows));
        evaluators[c].Add(SkabDataset.ExperimentName(file), labels, detector.Predict(features.Slice(trainRows, features.RowCount - trainRows)));
    }
}

if (used == 0)
{
    Console.Error.WriteLine($"No SKAB file with anomaly labels and more than {trainRows} rows is in {folder}.");
    return 1;
}

var results = candidates.Select((c, i) => (Candidate: c, Total: evaluators[i].Total())).ToList();
if (json)
{
    var rows = results.Select(r => new
    {
        detector = r.Candidate.Name,
        features = r.Candidate.FeatureDescription,
        threshold = r.Candidate.ThresholdDescription,
        f1 = r.Total.F1,
        far = r.Total.FalseAlarmRate,
        mar = r.Total.MissedAlarmRate,
        precision = r.Total.Precision,
        recall = r.Total.Recall,
        rocAuc = r.Total.RocAuc,
        prAuc = r.Total.PrAuc,
        truePositives = r.Total.TruePositives,
        falsePositives = r.Total.FalsePositives,
        trueNegatives = r.Total.TrueNegatives,
        falseNegatives = r.Total.FalseNegatives,
    });
    Console.WriteLine(JsonSerializer.Serialize(new { folder = Path.GetFullPath(folder), files = used, trainRows, detectors = rows }, new JsonSerializerOptions { WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }));
    return 0;
}

Console.WriteLine($"{used} SKAB files in {Path.GetFullPath(folder)}; fitted on the first {trainRows} rows of each, scored on the rest.");
Console.WriteLine("F1, FAR and MAR from confusion counts summed over the files (SKAB); ROC-AUC and PR-AUC are per-file means.");
Console.WriteLine();
Console.WriteLine($"| {"detector",-26} | {"features",-24} | {"threshold",-22} | {"F1",5} | {"FAR %",6} | {"MAR %",6} | {"ROC-AUC",7} | {"PR-AUC",6} |");
Console.WriteLine($"|{new string('-', 28)}|{new string('-', 26)}|{new string('-', 24)}|------:|-------:|-------:|--------:|-------:|");
foreach ((Candidate c, AnomalyMetrics m) in results.OrderByDescending(r => r.Total.F1))
{
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {c.Name,-26} | {c.FeatureDescription,-24} | {c.ThresholdDescription,-22} | {m.F1,5:0.00} | {100 * m.FalseAlarmRate,6:0.00} | {100 * m.MissedAlarmRate,6:0.00} | {m.RocAuc,7:0.000} | {m.PrAuc,6:0.000} |"));
}

Console.WriteLine();
Console.WriteLine($"Torch CPU kernels: {TorchCpuKernels.Status}.");
return 0;
