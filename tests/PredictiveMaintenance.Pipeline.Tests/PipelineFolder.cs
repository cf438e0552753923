using System.Text.Json.Nodes;
using PredictiveMaintenance.IO;

namespace PredictiveMaintenance.Pipeline.Tests;

/// <summary>A pipeline folder in a temporary directory: a configuration, the Azure logs, and daily telemetry files of a few machines.</summary>
public sealed class PipelineFolder : IDisposable
{
    public const string Spec = "volt: mean(3h), std(24h); vibration: max(6h), mean(24h); pressure: min(12h)";

    private static readonly Lazy<Task<TelemetryTable>> Telemetry = new(async () =>
        (await AzurePdmDataset.ReadTelemetryAsync(Path.Combine(DataFolder, "PdM_telemetry_SUBSET_machines001-020_first2160h.csv.gz"))).Table);

    private PipelineFolder(string root) => Root = root;

    public static string DataFolder => Path.Combine(AppContext.BaseDirectory, "data", "azure-pdm");

    public string Root { get; }

    public string Staging => Path.Combine(Root, "staging");

    public string ConfigPath => Path.Combine(Root, "pdm.json");

    /// <summary>Creates the folder with daily files of <paramref name="machines"/> over the first <paramref name="days"/> days.</summary>
    public static async Task<PipelineFolder> CreateAsync(string[] machines, int days, Action<JsonObject>? configure = null)
    {
        string root = Path.Combine(Path.GetTempPath(), "pdm-pipeline-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(root);
        var folder = new PipelineFolder(root);
        Directory.CreateDirectory(Path.Combine(root, "logs"));
        foreach (string file in Directory.EnumerateFiles(DataFolder, "PdM_*.csv.gz").Where(f => !f.Contains("telemetry", StringComparison.Ordinal)))
        {
            File.Copy(file, Path.Combine(root, "logs", Path.GetFileName(file)));
        }

        await DailyFiles.WriteAsync(await SliceAsync(machines, days), folder.Staging);
        var config = new JsonObject
        {
            ["telemetry"] = new JsonObject
            {
                ["assetColumn"] = "machineID",
                ["timeColumn"] = "datetime",
                ["channelRanges"] = new JsonObject { ["pressure"] = new JsonObject { ["min"] = 0, ["max"] = 300 } },
            },
            ["logs"] = new JsonObject
            {
                ["machines"] = "logs/PdM_machines.csv.gz",
                ["maintenance"] = "logs/PdM_maint.csv.gz",
                ["errors"] = "logs/PdM_errors.csv.gz",
                ["failures"] = "logs/PdM_failures.csv.gz",
            },
            ["features"] = new JsonObject { ["spec"] = Spec },
            ["training"] = new JsonObject { ["testDays"] = 7, ["anomaly"] = new JsonObject { ["trees"] = 50 }, ["timeToService"] = new JsonObject { ["trees"] = 20 } },
        };
        configure?.Invoke(config);
        await File.WriteAllTextAsync(folder.ConfigPath, config.ToJsonString());
        return folder;
    }

    /// <summary>The shipped telemetry of some machines over the first days.</summary>
    public static async Task<TelemetryTable> SliceAsync(string[] machines, int days)
    {
        TelemetryTable all = (await Telemetry.Value).SelectAssets(machines);
        long end = all.Times[0] - (all.Times[0] % UnixTime.MicrosecondsPerDay) + (days * UnixTime.MicrosecondsPerDay);
        var builder = new TelemetryTableBuilder(all.Schema);
        double[] values = new double[all.Schema.Channels.Count];
        for (int row = 0; row < all.RowCount; row++)
        {
            if (all.Times[row] < end)
            {
                for (int c = 0; c < values.Length; c++)
                {
                    values[c] = all.GetChannel(c)[row];
                }

                builder.Add(all.AssetIds[all.GetAssetCodeOfRow(row)], all.Times[row], values);
            }
        }

        return builder.Build();
    }

    public BatchPipeline Open() => new(BatchPipelineConfiguration.Load(ConfigPath));

    public void Dispose()
    {
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
