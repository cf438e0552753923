using PredictiveMaintenance.Cli.Display;

namespace PredictiveMaintenance.Cli.Tests.Display;

public sealed class PdmConsoleTests : IDisposable
{
    private const string HideCursor = "\u001b[?25l";
    private readonly string _folder = Path.Combine(Path.GetTempPath(), $"pdm-console-{Guid.NewGuid():N}");

    public void Dispose()
    {
        if (Directory.Exists(_folder))
        {
            Directory.Delete(_folder, recursive: true);
        }
    }

    [Fact]
    public async Task Simulate_NotATerminal_WritesTheSummaryWithoutEscapesOrProgress()
    {
        (int exit, string output, _) = await Pdm.RunAsync(Terminal.Plain, Simulate());

        Assert.Equal(0, exit);
        Assert.DoesNotContain("\u001b[", output, StringComparison.Ordinal);
        Assert.DoesNotContain("simulate telemetry rows", output, StringComparison.Ordinal);
        Assert.StartsWith($"3 machines, 25 hourly readings each from 2015-01-01 06:00Z (seed 4){Environment.NewLine}75 telemetry rows, ", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Simulate_Terminal_DrawsLiveProgressInColourThenTheSummary()
    {
        (int exit, string output, _) = await Pdm.RunAsync(new Terminal(Interactive: true, Color: true, Width: 100), Simulate());

        Assert.Equal(0, exit);
        Assert.Contains(HideCursor, output, StringComparison.Ordinal);
        Assert.Contains("simulate telemetry rows", output, StringComparison.Ordinal);
        Assert.Matches(@"\u001b\[[0-9;]*3[0-9;]*m", output);
        Assert.EndsWith($"wrote {_folder}: PdM_machines.csv, PdM_errors.csv, PdM_maint.csv, PdM_failures.csv, sensor_faults.csv, PdM_telemetry.csv{Environment.NewLine}", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Simulate_TerminalWithNoProgress_DrawsNoProgress()
    {
        (int exit, string output, _) = await Pdm.RunAsync(new Terminal(Interactive: true, Color: true, Width: 100), [.. Simulate(), "--no-progress"]);

        Assert.Equal(0, exit);
        Assert.DoesNotContain("\u001b[", output, StringComparison.Ordinal);
        Assert.DoesNotContain("simulate telemetry rows", output, StringComparison.Ordinal);
        Assert.StartsWith("3 machines, 25 hourly readings", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Simulate_TerminalWithNoColor_DrawsProgressWithoutColour()
    {
        (int exit, string output, _) = await Pdm.RunAsync(new Terminal(Interactive: true, Color: false, Width: 100), Simulate());

        Assert.Equal(0, exit);
        Assert.Contains(HideCursor, output, StringComparison.Ordinal);
        Assert.DoesNotMatch(@"\u001b\[[0-9;]*m", output.Replace("\u001b[0m", string.Empty, StringComparison.Ordinal));
    }

    [Fact]
    public async Task DatasetList_Terminal_DrawsRoundedLinesAndPlainOutputDrawsAscii()
    {
        (_, string terminal, _) = await Pdm.RunAsync(new Terminal(Interactive: true, Color: false, Width: 200), "dataset", "list");
        (_, string plain, _) = await Pdm.RunAsync("dataset", "list");

        Assert.StartsWith("╭─", terminal, StringComparison.Ordinal);
        Assert.StartsWith("+-", plain, StringComparison.Ordinal);
        Assert.All(plain, c => Assert.True(c < 128, $"'{c}' is not ASCII"));
    }

    private string[] Simulate() => ["simulate", _folder, "--assets", "3", "--days", "1", "--seed", "4", "--no-faults"];
}
