// Time until failure on NASA C-MAPSS, the standard benchmark: train on a subset's run-to-failure units, predict the
// remaining life after the last cycle of each test unit, and compare with RUL_FDxxx (capped at 125, the protocol).
//
//   dotnet run -c Release --project samples/CmapssRul -- [folder] [FD001|FD002|FD003|FD004]
//       [--models cnn,lstm,lightgbm,fasttree] [--epochs N] [--seeds 1,2,3] [--json] [--verbose] [--save folder]
//
// "train s" is wall-clock training time and "cpu s" the process's CPU time over the same span: on a shared machine
// the first grows with other work, the second much less.
//
// folder defaults to the shipped FD001 files next to the program; FD002 to FD004 need the full data set's files.
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using PredictiveMaintenance.IO;
using PredictiveMaintenance.Models;
using PredictiveMaintenance.Models.Torch;

const double Cap = 125;
var culture = CultureInfo.InvariantCulture;
string folder = Path.Combine(AppContext.BaseDirectory, "data", "cmapss");
string subset = "FD001";
string[] models = ["cnn", "lstm"];
int? epochs = null;
int[] seeds = [1];
bool json = false, verbose = false;
string? save = null;
var overrides = new Dictionary<string, double>(StringComparer.Ordinal);
var positional = new List<string>();
for (int i = 0; i < args.Length; i++)
{
    string Value() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value.");
    switch (args[i])
    {
        case "--models": models = Value().Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries); break;
        case "--epochs": epochs = int.Parse(Value(), culture); break;
        case "--seeds": seeds = [.. Value().Split(',').Select(s => int.Parse(s, culture))]; break;
        case "--seed": seeds = [int.Parse(Value(), culture)]; break;
        case "--json": json = true; break;
        case "--verbose": verbose = true; break;
        case "--save": save = Value(); break;
        case "--window" or "--layers" or "--hidden" or "--kernel" or "--dense" or "--dropout" or "--lr" or "--batch" or "--patience" or "--validation" or "--decay":
            overrides[args[i][2..]] = double.Parse(Value(), culture);
            break;
        case var flag when flag.StartsWith("--", StringComparison.Ordinal): throw new ArgumentException($"Unknown option {flag}.");
        default: positional.Add(args[i]); break;
    }
}

if (positional.Count > 0)
{
    folder = positional[0];
}

if (positional.Count > 1)
{
    subset = positional[1].ToUpperInvariant();
}

CmapssSubset data = await CmapssDataset.LoadAsync(folder, subset);
double[] truth = [.. data.TestRemainingUsefulLife.Select(r => Math.Min(Cap, (double)r))];
var results = new List<RunResult>();
if (!json)
{
    Console.WriteLine($"C-MAPSS {subset}: {data.Train.Table.AssetCount} training units ({data.Train.Table.RowCount:N0} cycles), {data.Test.Table.AssetCount} test units; RUL capped at {Cap}.");
    Console.WriteLine($"{"model",-8} {"seed",4} {"RMSE",7} {"MAE",7} {"score",8} {"epochs",6} {"best",4} {"train s",8} {"cpu s",8}");
}

foreach (string model in models)
{
    foreach (int seed in seeds)
    {
        RunResult result = model switch
        {
            "cnn" => RunSequence(SequenceArchitecture.Cnn, seed),
            "lstm" => RunSequence(SequenceArchitecture.Lstm, seed),
            "lightgbm" => RunBoosted(BoostingAlgorithm.LightGbm, seed),
            "fasttree" => RunBoosted(BoostingAlgorithm.FastTree, seed),
            _ => throw new ArgumentException($"Unknown model '{model}'; choose from cnn, lstm, lightgbm, fasttree."),
        };
        results.Add(result);
        if (!json)
        {
            Console.WriteLine(string.Create(culture, $"{result.Model,-8} {result.Seed,4} {result.Rmse,7:F2} {result.Mae,7:F2} {result.Score,8:F1} {result.Epochs,6} {result.BestEpoch,4} {result.TrainingSeconds,8:F1} {result.CpuSeconds,8:F1}"));
        }
    }
}

if (json)
{
    Console.WriteLine(JsonSerializer.Serialize(new { subset, cap = Cap, processors = Environment.ProcessorCount, results }, new JsonSerializerOptions { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.CamelCase }));
}
else if (seeds.Length > 1)
{
    Console.WriteLine("mean ± standard deviation over seeds:");
    foreach (IGrouping<string, RunResult> group in results.GroupBy(r => r.Model))
    {
        Console.WriteLine(string.Create(culture, $"{group.Key,-8} RMSE {Spread(group.Select(r => r.Rmse))}  MAE {Spread(group.Select(r => r.Mae))}  score {Spread(group.Select(r => r.Score))}  train s {Spread(group.Select(r => r.TrainingSeconds))}  cpu s {Spread(group.Select(r => r.CpuSeconds))}"));
    }
}

if (!json && models.Any(m => m is "cnn" or "lstm"))
{
    Console.WriteLine($"Torch CPU kernels: {TorchCpuKernels.Status}.");
}

RunResult RunSequence(SequenceArchitecture architecture, int seed)
{
    SequenceRegressorOptions options = architecture == SequenceArchitecture.Cnn
        ? new SequenceRegressorOptions { Seed = seed }
        : new SequenceRegressorOptions { Architecture = SequenceArchitecture.Lstm, Layers = 2, HiddenSize = 64, Seed = seed };
    int Int(string key, int fallback) => overrides.TryGetValue(key, out double v) ? (int)v : fallback;
    double Real(string key, double fallback) => overrides.GetValueOrDefault(key, fallback);
    options = new SequenceRegressorOptions
    {
        Architecture = options.Architecture,
        Layers = Int("layers", options.Layers),
        HiddenSize = Int("hidden", options.HiddenSize),
        WindowLength = Int("window", options.WindowLength),
        KernelSize = Int("kernel", options.KernelSize),
        DenseSize = Int("dense", options.DenseSize),
        Dropout = Real("dropout", options.Dropout),
        LearningRate = Real("lr", options.LearningRate),
        BatchSize = Int("batch", options.BatchSize),
        Patience = Int("patience", options.Patience),
        ValidationFraction = Real("validation", options.ValidationFraction),
        WeightDecay = Real("decay", options.WeightDecay),
        Seed = seed,
        Epochs = epochs ?? options.Epochs,
        RemainingLifeCap = Cap,
        Progress = verbose ? new Progress<SequenceTrainingEpoch>(e => Console.Error.WriteLine(string.Create(culture, $"  epoch {e.Epoch,3}: train RMSE {e.TrainingRmse:F2}, validation RMSE {e.ValidationRmse:F2}, lr {e.LearningRate:G3}"))) : null,
    };
    var clock = Stopwatch.StartNew();
    TimeSpan cpu = Process.GetCurrentProcess().TotalProcessorTime;
    using SequenceRegressionModel trained = SequenceRegressor.Fit(data.Train.Table, options);
    double seconds = clock.Elapsed.TotalSeconds;
    double cpuSeconds = (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds;
    double[] predicted = trained.PredictLast(data.Test.Table);
    RegressionEvaluation evaluation = RegressionMetrics.Evaluate(predicted, truth);
    if (save is not null)
    {
        Directory.CreateDirectory(save);
        trained.SaveAsync(Path.Combine(save, $"{subset}-{architecture.ToString().ToLowerInvariant()}-seed{seed}.pdm")).GetAwaiter().GetResult();
    }

    return new RunResult(architecture.ToString().ToLowerInvariant(), seed, evaluation.RootMeanSquaredError, evaluation.MeanAbsoluteError, evaluation.CmapssScore, trained.Summary.EpochsRun, trained.Summary.BestEpoch, seconds, cpuSeconds);
}

RunResult RunBoosted(BoostingAlgorithm algorithm, int seed)
{
    var defaults = new BoostedRegressorOptions();
    var options = new BoostedRegressorOptions
    {
        Algorithm = algorithm,
        Iterations = epochs ?? defaults.Iterations,
        LearningRate = overrides.GetValueOrDefault("lr", defaults.LearningRate),
        RemainingLifeCap = Cap,
        Seed = seed,
    };
    var clock = Stopwatch.StartNew();
    TimeSpan cpu = Process.GetCurrentProcess().TotalProcessorTime;
    BoostedRegressionModel trained = BoostedRegressor.Fit(data.Train.Table, options);
    double seconds = clock.Elapsed.TotalSeconds;
    double cpuSeconds = (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds;
    RegressionEvaluation evaluation = RegressionMetrics.Evaluate(trained.PredictLast(data.Test.Table), truth);
    string name = algorithm.ToString().ToLowerInvariant();
    if (save is not null)
    {
        Directory.CreateDirectory(save);
        trained.SaveAsync(Path.Combine(save, $"{subset}-{name}-seed{seed}.pdm")).GetAwaiter().GetResult();
    }

    return new RunResult(name, seed, evaluation.RootMeanSquaredError, evaluation.MeanAbsoluteError, evaluation.CmapssScore, options.Iterations, options.Iterations, seconds, cpuSeconds);
}

static string Spread(IEnumerable<double> values)
{
    double[] v = [.. values];
    double mean = v.Average();
    double sd = v.Length > 1 ? Math.Sqrt(v.Sum(x => (x - mean) * (x - mean)) / (v.Length - 1)) : 0;
    return string.Create(CultureInfo.InvariantCulture, $"{mean:F2} ± {sd:F2}");
}

internal sealed record RunResult(string Model, int Seed, double Rmse, double Mae, double Score, int Epochs, int BestEpoch, double TrainingSeconds, double CpuSeconds);
