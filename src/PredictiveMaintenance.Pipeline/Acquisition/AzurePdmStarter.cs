using System.Text.Json.Nodes;
using PredictiveMaintenance.IO;

namespace PredictiveMaintenance.Pipeline;

/// <summary>
/// Lays out a ready pipeline folder from the Azure predictive-maintenance data: a <c>pdm.json</c>, the logs, and the
/// telemetry split into daily files in <c>staging/</c>, plus one late gateway file with faulty rows that the cleaning
/// step quarantines. This is what <c>pdm init</c> and the BatchPipeline sample start from.
/// </summary>
public static class AzurePdmStarter
{
    /// <summary>The feature specification of the folder's configuration.</summary>
    public const string FeatureSpecification =
        "volt: mean(3h), std(24h); rotate: mean(3h), std(24h); pressure: mean(3h), std(24h); vibration: mean(3h), std(24h), max(24h)";

    /// <summary>The gateway file with faulty rows; its name sorts after the tenth day's file and before the eleventh's.</summary>
    public const string FaultyFileName = "telemetry-2015-01-11-gateway-retry.csv";

    /// <summary>Creates the folder's configuration, logs and staged files.</summary>
    /// <param name="folder">The pipeline folder; created if missing. Existing files of the same names are replaced.</param>
    /// <param name="azureDataFolder">A folder with <c>PdM_telemetry*.csv[.gz]</c>, <c>PdM_machines</c>, <c>PdM_maint</c>, <c>PdM_errors</c> and <c>PdM_failures</c> files.</param>
    /// <param name="cancellationToken">Cancels the writes.</param>
    /// <returns>The configuration file's path.</returns>
    /// <exception cref="FileNotFoundException">A data file is missing.</exception>
    public static async Task<string> CreateAsync(string folder, string azureDataFolder, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(folder);
        ArgumentException.ThrowIfNullOrEmpty(azureDataFolder);
        string root = Path.GetFullPath(folder);
        string logs = Path.Combine(root, "logs");
        Directory.CreateDirectory(logs);
        var logFiles = new JsonObject();
        foreach ((string key, string prefix) in new[] { ("machines", "PdM_machines"), ("maintenance", "PdM_maint"), ("errors", "PdM_errors"), ("failures", "PdM_failures") })
        {
            string source = Directory.EnumerateFiles(azureDataFolder, prefix + ".csv*").Order(StringComparer.Ordinal).FirstOrDefault()
                ?? throw new FileNotFoundException($"'{azureDataFolder}' has no {prefix}.csv or {prefix}.csv.gz.", Path.Combine(azureDataFolder, prefix + ".csv"));
            File.Copy(source, Path.Combine(logs, Path.GetFileName(source)), overwrite: true);
            logFiles[key] = "logs/" + Path.GetFileName(source);
        }

        string telemetryFile = Directory.EnumerateFiles(azureDataFolder, "PdM_telemetry*.csv*").Order(StringComparer.Ordinal).FirstOrDefault()
            ?? throw new FileNotFoundException($"'{azureDataFolder}' has no PdM_telemetry*.csv file.", Path.Combine(azureDataFolder, "PdM_telemetry.csv"));
        TelemetryBatch telemetry = await AzurePdmDataset.ReadTelemetryAsync(telemetryFile, cancellationToken: cancellationToken).ConfigureAwait(false);
        string staging = Path.Combine(root, "staging");
        await DailyFiles.WriteAsync(telemetry.Table, staging, cancellationToken: cancellationToken).ConfigureAwait(false);

        // Rows a gateway re-sent after the tenth day: a repeat, a NaN reading, an impossible hour, an unknown machine,
        // an out-of-range pressure. The repeat and the NaN row are for a day already ingested.
        await File.WriteAllTextAsync(
            Path.Combine(staging, FaultyFileName),
            "datetime,machineID,volt,rotate,pressure,vibration\n" +
            "2015-01-10 06:00:00,1,170.1,450.2,100.3,40.4\n" +
            "2015-01-10 07:00:00,2,NaN,450.2,100.3,40.4\n" +
            "2015-01-10 24:00:00,3,170.1,450.2,100.3,40.4\n" +
            "2015-01-11 12:00:00,999,170.1,450.2,100.3,40.4\n" +
            "2015-01-11 13:00:00,4,170.1,450.2,1000.3,40.4\n",
            cancellationToken).ConfigureAwait(false);

        var configuration = new JsonObject
        {
            ["staging"] = "staging",
            ["tables"] = "tables",
            ["state"] = "state",
            ["tracking"] = "tracking",
            ["dashboardDays"] = 30,
            ["telemetry"] = new JsonObject
            {
                ["assetColumn"] = "machineID",
                ["timeColumn"] = "datetime",
                ["onlyKnownAssets"] = true,
                ["channelRanges"] = new JsonObject
                {
                    ["volt"] = Range(0, 400),
                    ["rotate"] = Range(0, 1000),
                    ["pressure"] = Range(0, 300),
                    ["vibration"] = Range(0, 150),
                },
            },
            ["logs"] = logFiles,
            ["features"] = new JsonObject { ["spec"] = FeatureSpecification },
            ["training"] = new JsonObject
            {
                ["afterIngest"] = true,
                ["seed"] = 7,
                ["horizonHours"] = 24,
                ["testDays"] = 14,
                ["promote"] = true,
                ["anomaly"] = new JsonObject { ["trees"] = 100, ["maxSamples"] = 256, ["contamination"] = 0.01 },
                ["timeToService"] = new JsonObject { ["trees"] = 100, ["leaves"] = 20, ["learningRate"] = 0.1, ["capDays"] = 30 },
            },
            ["schedule"] = new JsonObject { ["cron"] = "0 * * * *", ["timeZone"] = "UTC" },
        };
        string path = Path.Combine(root, BatchPipelineConfiguration.DefaultFileName);
        await File.WriteAllTextAsync(path, configuration.ToJsonString(new System.Text.Json.JsonSerializerOptions { WriteIndented = true }) + "\n", cancellationToken).ConfigureAwait(false);
        return path;
    }

    private static JsonObject Range(double min, double max) => new() { ["min"] = min, ["max"] = max };
}
