using System.Globalization;
using System.Text.RegularExpressions;

namespace PredictiveMaintenance.Cli.Tests.Commands;

public sealed class PipelineCommandsTests : IDisposable
{
    /// <summary>A stage's time as the summary prints it under a minute.</summary>
    private const string SecondsPattern = @"^(\d+\.\d\d) s$";

    private readonly string _root = Path.Combine(Path.GetTempPath(), "pdm-cli-pipeline-tests", Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_root))
        {
            Directory.Delete(_root, recursive: true);
        }
    }

    [Fact]
    public async Task Init_NewFolder_WritesConfigurationLogsAndDailyFiles()
    {
        (int exit, string output, string error) = await Pdm.RunAsync("init", _root);

        Assert.Equal((0, string.Empty), (exit, error));
        Assert.Equal(
            [$"Created {Path.Combine(_root, "pdm.json")} with logs/ and 92 staged telemetry files.", $"Next: cd {_root} && pdm run", ""],
            output.Split(Environment.NewLine));
        Assert.Equal(["PdM_errors.csv.gz", "PdM_failures.csv.gz", "PdM_machines.csv.gz", "PdM_maint.csv.gz"], Directory.GetFiles(Path.Combine(_root, "logs")).Select(Path.GetFileName).Order(StringComparer.Ordinal));

        (int again, _, string refused) = await Pdm.RunAsync("init", _root);
        Assert.Equal(2, again);
        Assert.Equal($"pdm: '{Path.Combine(_root, "pdm.json")}' already exists; 'pdm init' never overwrites a pipeline.{Environment.NewLine}", refused);
    }

    [Fact]
    public async Task Ingest_TwoDays_PrintsTheAccountingAndARerunIngestsNothing()
    {
        string config = await InitWithDaysAsync(2);

        (int exit, string output, string error) = await Pdm.RunAsync("ingest", "--config", config, "--log-level", "None");

        Assert.Equal((0, string.Empty), (exit, error));
        Assert.StartsWith($"2 files ingested (0 already ingested): 840 rows read = 840 accepted + 0 quarantined + 0 late; 840 feature rows{Environment.NewLine}", output, StringComparison.Ordinal);
        List<string[]> rows = Pdm.TableRows(output);
        Assert.Equal(["batch", "file", "read", "accepted", "quarantined", "late", "features", "resumed"], rows[0]);
        Assert.Equal(["1", "telemetry-2015-01-01.csv.gz", "360", "360", "0", "0", "360", "no"], rows[1]);
        Assert.Equal(["2", "telemetry-2015-01-02.csv.gz", "480", "480", "0", "0", "480", "no"], rows[2]);
        Assert.Equal([string.Empty, "total", "840", "840", "0", "0", "840", string.Empty], rows[3]);
        Assert.Equal(["table", "version", "rows added", "path"], rows[4]);
        Assert.Equal(["telemetry", "2", "840", Path.Combine(_root, "tables", "telemetry")], rows[5]);
        Assert.Equal(["quarantine", "2", "0", Path.Combine(_root, "tables", "quarantine")], rows[6]);
        Assert.Equal(["quality", "2", string.Empty, Path.Combine(_root, "tables", "data_quality")], rows[8]);
        Assert.Equal(["ingest", "2 files, 840 rows read: 840 accepted, 0 quarantined, 0 late"], rows[10][..2]);
        Assert.Matches(SecondsPattern, rows[10][2]);
        Assert.Equal(11, rows.Count);

        (int rerun, string again, _) = await Pdm.RunAsync("ingest", "--config", config, "--log-level", "None");
        Assert.Equal(0, rerun);
        Assert.StartsWith("0 files ingested (2 already ingested): 0 rows read", again, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Ingest_AnotherBatchHoldsTheLock_ExitsBusy()
    {
        string config = await InitWithDaysAsync(1);
        string state = Path.Combine(_root, "state");
        Directory.CreateDirectory(state);
        using var held = new FileStream(Path.Combine(state, ".lock"), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);

        (int exit, _, string error) = await Pdm.RunAsync("ingest", "--config", config, "--log-level", "None");

        Assert.Equal(5, exit);
        Assert.Equal($"pdm: Another batch of this pipeline is running (it holds '{Path.Combine(state, ".lock")}'); batches never run at once.{Environment.NewLine}", error);
    }

    [Fact]
    public async Task Run_InvalidConfiguration_ExitsWithTheJsonPath()
    {
        Directory.CreateDirectory(_root);
        string config = Path.Combine(_root, "pdm.json");
        await File.WriteAllTextAsync(config, """{ "telemetry": { "assetColumn": "machineID", "timeColumn": "datetime", "onlyKnownAssets": false }, "features": { "spec": "volt: mean(3h)", "window": 3 } }""");

        (int exit, _, string error) = await Pdm.RunAsync("run", "--config", config);

        Assert.Equal(6, exit);
        Assert.Equal($"pdm: The pipeline configuration '{config}' is invalid: $.features.window: unknown setting; expected one of spec.{Environment.NewLine}", error);
    }

    [Fact]
    public async Task Score_NothingTrained_SaysSoAndWritesNoPredictions()
    {
        string config = await InitWithDaysAsync(1);
        Assert.Equal(0, (await Pdm.RunAsync("ingest", "--config", config, "--log-level", "None")).ExitCode);

        (int exit, string output, string error) = await Pdm.RunAsync("score", "--config", config, "--log-level", "None");

        Assert.Equal((0, string.Empty), (exit, error));
        Assert.StartsWith($"scoring: no Production model yet (train, or promote a version){Environment.NewLine}", output, StringComparison.Ordinal);
        Assert.Equal([["stage", "result", "time"], ["score", "no Production model", Pdm.TableRows(output)[1][2]]], Pdm.TableRows(output));
        Assert.False(Directory.Exists(Path.Combine(_root, "tables", "predictions")));
    }

    [Fact]
    public async Task Run_NineteenDaysAndTheGatewayFile_PrintsEachStageWithItsCountsAndTime()
    {
        string config = await InitWithDaysAsync(20);

        (int exit, string output, string error) = await Pdm.RunAsync("run", "--config", config, "--log-level", "None");

        Assert.Equal((0, string.Empty), (exit, error));
        Assert.DoesNotContain("\u001b[", output, StringComparison.Ordinal);
        List<string[]> rows = Pdm.TableRows(output);
        Assert.Equal(["11", "telemetry-2015-01-11-gateway-retry.csv", "5", "0", "4", "1", "0", "no"], rows[11]);
        Assert.Equal([string.Empty, "total", "9,005", "9,000", "4", "1", "9,000", string.Empty], rows[21]);
        Assert.Equal(["quarantine", "20", "5", Path.Combine(_root, "tables", "quarantine")], rows[24]);
        Assert.Equal(["anomaly-isolation-forest", "1"], rows[28][..2]);
        Assert.Equal("yes", rows[28][4]);
        Assert.Equal(["anomaly-isolation-forest", "1", "8,980", "20", string.Empty], rows[31]);
        Assert.Equal(["time-until-service", "1", "9,000", "0", string.Empty], rows[32]);
        string[][] stages = [.. rows.Skip(rows.Count - 5)];
        Assert.Equal(
            [
                ["ingest", "20 files, 9,005 rows read: 9,000 accepted, 4 quarantined, 1 late"],
                ["train", "2 models on 1,780 rows (6,740 held out), 2 promoted"],
                ["score", "17,980 predictions written"],
                ["dashboard", Path.Combine(_root, "dashboard.html")],
                ["total", string.Empty],
            ],
            stages.Select(r => r[..2]));
        double[] seconds = [.. stages.Select(r => Seconds(r[2]))];
        Assert.InRange(seconds[..4].Sum(), seconds[4] - 0.05, seconds[4] + 0.05);
        Assert.Contains($"{Environment.NewLine}dashboard   {Path.Combine(_root, "dashboard.html")}{Environment.NewLine}", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Models_NothingTrained_ExitsInputNotFound()
    {
        string config = await InitWithDaysAsync(1);

        (int exit, _, string error) = await Pdm.RunAsync("models", "--config", config);

        Assert.Equal(3, exit);
        Assert.Equal($"pdm: The tracking folder '{Path.Combine(_root, "tracking")}' does not exist yet; run 'pdm train' first.{Environment.NewLine}", error);
    }

    private static double Seconds(string cell)
    {
        Match match = Regex.Match(cell, SecondsPattern);
        Assert.True(match.Success, $"'{cell}' is not a time in seconds");
        return double.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
    }

    /// <summary>Initializes the folder and keeps only the first <paramref name="days"/> daily files in staging.</summary>
    private async Task<string> InitWithDaysAsync(int days)
    {
        Assert.Equal(0, (await Pdm.RunAsync("init", _root)).ExitCode);
        string[] staged = [.. Directory.GetFiles(Path.Combine(_root, "staging")).Order(StringComparer.Ordinal)];
        foreach (string file in staged.Skip(days))
        {
            File.Delete(file);
        }

        return Path.Combine(_root, "pdm.json");
    }
}
