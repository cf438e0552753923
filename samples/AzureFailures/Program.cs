// Which component fails within the next 24 hours on the Azure predictive-maintenance data: telemetry, rolling
// features and the maintenance, error, failure and machine joins from the joins layer; a time-based split whose
// training rows are labelled from the logs as known at the cut-off, with the 24-hour embargo; the training part
// down-sampled; ML.NET LightGBM multi-class; per-component precision, recall, F1 and the confusion matrix on the test part.
//
//   dotnet run -c Release --project samples/AzureFailures -- [folder] [--cutoff 2015-03-01] [--ratio 3]
//       [--iterations 200] [--seed 1] [--telemetry-only] [--json] [--save model.pdm]
//
// --telemetry-only leaves out the joined features (maintenance, errors, failures, machine), keeping the telemetry and
// its rolling features: how much of the result the logs carry.
//
// folder defaults to the shipped slice next to the program (20 machines, 90 days of telemetry, the logs of the year).
using System.Globalization;
using System.Text.Json;
using PredictiveMaintenance;
using PredictiveMaintenance.Features;
using PredictiveMaintenance.IO;
using PredictiveMaintenance.Joins;
using PredictiveMaintenance.Models;

const string Features = "volt: mean(3h), std(3h), mean(24h), std(24h); rotate: mean(3h), std(3h), mean(24h), std(24h); "
    + "pressure: mean(3h), std(3h), mean(24h), std(24h); vibration: mean(3h), std(3h), mean(24h), std(24h)";
var culture = CultureInfo.InvariantCulture;
string folder = Path.Combine(AppContext.BaseDirectory, "data", "azure-pdm");
var cutoff = new DateTime(2015, 3, 1, 0, 0, 0, DateTimeKind.Utc);
double ratio = 3;
int iterations = 200, seed = 1;
bool json = false, telemetryOnly = false;
string? save = null;
for (int i = 0; i < args.Length; i++)
{
    string Value() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value.");
    switch (args[i])
    {
        case "--cutoff": cutoff = DateTime.SpecifyKind(DateTime.Parse(Value(), culture), DateTimeKind.Utc); break;
        case "--ratio": ratio = double.Parse(Value(), culture); break;
        case "--iterations": iterations = int.Parse(Value(), culture); break;
        case "--seed": seed = int.Parse(Value(), culture); break;
        case "--json": json = true; break;
        case "--telemetry-only": telemetryOnly = true; break;
        case "--save": save = Value(); break;
        case var flag when flag.StartsWith("--", StringComparison.Ordinal): throw new ArgumentException($"Unknown option {flag}.");
        default: folder = args[i]; break;
    }
}

AzurePdmData azure = await AzurePdmDataset.LoadAsync(folder);
MaintenanceLogs logs = MaintenanceLogs.FromRecords(azure.Maintenance.Records, azure.Errors.Records, azure.Failures.Records, azure.Machines.Records);
FeatureSpec spec = FeatureSpec.Parse(Features);
TrainingSet set = TrainingSet.Build(azure.Telemetry.Table, logs, new TrainingSetOptions { Features = spec });
TrainTestSplit split = set.SplitByTime(cutoff);
TrainingSet train = split.Train.DownSample(set.FailureClassColumn, ratio, seed);
string[] classes = ["none", .. set.Components];
int telemetryFeatures = azure.Telemetry.Table.Schema.Channels.Count + spec.OutputNames.Count;
IReadOnlyList<string> features = telemetryOnly ? [.. set.FeatureColumns.Take(telemetryFeatures)] : set.FeatureColumns;

FailureClassificationModel model = FailureClassifier.Fit(train.Table, new FailureClassifierOptions
{
    LabelChannel = set.FailureClassColumn,
    ClassNames = classes,
    FeatureChannels = features,
    Iterations = iterations,
    Seed = seed,
});
ClassificationEvaluation evaluation = model.Evaluate(split.Test.Table);
if (save is not null)
{
    await model.SaveAsync(save);
}

int[] trainCounts = ClassCounts(split.Train.Table, set.FailureClassColumn, classes.Length);
int[] testCounts = ClassCounts(split.Test.Table, set.FailureClassColumn, classes.Length);
if (json)
{
    var report = new
    {
        cutoff = cutoff.ToString("yyyy-MM-dd HH:mm", culture),
        trainRows = split.Train.Table.RowCount,
        sampledTrainRows = train.Table.RowCount,
        testRows = split.Test.Table.RowCount,
        features = model.FeatureChannels.Count,
        classes = classes.Select((name, c) => new
        {
            name,
            trainRows = trainCounts[c],
            testRows = testCounts[c],
            precision = evaluation.Precision(c),
            recall = evaluation.Recall(c),
            f1 = evaluation.F1(c),
        }),
        confusion = classes.Select((_, a) => classes.Select((_, p) => evaluation[a, p])),
        accuracy = evaluation.Accuracy,
        macroF1 = evaluation.MacroF1,
    };
    Console.WriteLine(JsonSerializer.Serialize(report, new JsonSerializerOptions { WriteIndented = true }));
    return;
}

Console.WriteLine($"cut-off {cutoff:yyyy-MM-dd HH:mm} UTC, 24 h embargo; {model.FeatureChannels.Count} features");
Console.WriteLine($"train {split.Train.Table.RowCount} rows ({train.Table.RowCount} after down-sampling to {ratio.ToString(culture)} 'none' per failing row), test {split.Test.Table.RowCount} rows");
Console.WriteLine();
Console.WriteLine($"{"class",-8} {"train rows",10} {"test rows",9} {"precision",9} {"recall",7} {"F1",6}");
for (int c = 0; c < classes.Length; c++)
{
    Console.WriteLine(string.Create(culture, $"{classes[c],-8} {trainCounts[c],10} {testCounts[c],9} {evaluation.Precision(c),9:F3} {evaluation.Recall(c),7:F3} {evaluation.F1(c),6:F3}"));
}

Console.WriteLine(string.Create(culture, $"accuracy {evaluation.Accuracy:F4}, macro F1 {evaluation.MacroF1:F3}"));
Console.WriteLine();
Console.WriteLine("confusion matrix (rows: actual, columns: predicted)");
Console.WriteLine($"{"",-8} {string.Join(" ", classes.Select(c => $"{c,7}"))}");
for (int a = 0; a < classes.Length; a++)
{
    Console.WriteLine($"{classes[a],-8} {string.Join(" ", classes.Select((_, p) => $"{evaluation[a, p],7}"))}");
}

static int[] ClassCounts(TelemetryTable table, string label, int classCount)
{
    int[] counts = new int[classCount];
    foreach (double value in table.GetChannel(label))
    {
        if (!double.IsNaN(value))
        {
            counts[(int)value]++;
        }
    }

    return counts;
}
