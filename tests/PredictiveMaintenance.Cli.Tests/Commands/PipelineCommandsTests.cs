namespace PredictiveMaintenance.Cli.Tests.Commands;

public sealed class PipelineCommandsTests : IDisposable
{
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
        string[] lines = output.Split(Environment.NewLine);
        Assert.Equal("2 files ingested (0 already ingested): 840 rows read = 840 accepted + 0 quarantined + 0 late; 840 feature rows", lines[0]);
        Assert.Equal("     1  telemetry-2015-01-01.csv.gz                 360       360            0     0       360  no", lines[2]);
        Assert.Equal($"telemetry  {Path.Combine(_root, "tables", "telemetry")} (version 2)", lines[4]);
        Assert.Equal($"quality    {Path.Combine(_root, "tables", "data_quality")} (version 2)", lines[7]);

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
        Assert.Equal($"scoring: no Production model yet (train, or promote a version){Environment.NewLine}", output);
        Assert.False(Directory.Exists(Path.Combine(_root, "tables", "predictions")));
    }

    [Fact]
    public async Task Models_NothingTrained_ExitsInputNotFound()
    {
        string config = await InitWithDaysAsync(1);

        (int exit, _, string error) = await Pdm.RunAsync("models", "--config", config);

        Assert.Equal(3, exit);
        Assert.Equal($"pdm: The tracking folder '{Path.Combine(_root, "tracking")}' does not exist yet; run 'pdm train' first.{Environment.NewLine}", error);
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
