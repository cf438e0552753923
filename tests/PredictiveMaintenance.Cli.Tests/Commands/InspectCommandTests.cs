using System.Text.Json;
using PredictiveMaintenance.IO;

namespace PredictiveMaintenance.Cli.Tests.Commands;

public class InspectCommandTests
{
    private static readonly string Telemetry = Pdm.Data("azure-pdm", "PdM_telemetry_SUBSET_machines001-020_first2160h.csv.gz");

    [Fact]
    public async Task Inspect_AzureSlice_PrintsCountsAndRange()
    {
        (int exit, string output, string error) = await Pdm.RunAsync("inspect", Telemetry);

        Assert.Equal((0, string.Empty), (exit, error));
        Assert.Contains("rows         43,200\n", output, StringComparison.Ordinal);
        Assert.Contains("assets       20 (column 'machineID')\n", output, StringComparison.Ordinal);
        Assert.Contains("time         2015-01-01T06:00:00Z to 2015-04-01T05:00:00Z (column 'datetime', UtcTimestamp)\n", output, StringComparison.Ordinal);
        Assert.Contains("quality      43,200 rows read: 43,200 accepted, 0 quarantined\n", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Inspect_CmapssJson_GivesMachineReadableReport()
    {
        (int exit, string output, _) = await Pdm.RunAsync("inspect", Pdm.Data("cmapss", "train_FD001.txt.gz"), "--layout", "cmapss", "--json");

        Assert.Equal(0, exit);
        using JsonDocument json = JsonDocument.Parse(output);
        JsonElement root = json.RootElement;
        Assert.Equal(20_631, root.GetProperty("rows").GetInt64());
        Assert.Equal(100, root.GetProperty("assets").GetInt32());
        Assert.Equal("cycle 362", root.GetProperty("to").GetString());
        Assert.Equal(24, root.GetProperty("channels").GetArrayLength());
        Assert.Equal("Setting", root.GetProperty("channels")[0].GetProperty("role").GetString());
        Assert.Equal(20_631, root.GetProperty("quality").GetProperty("acceptedRows").GetInt64());
    }

    [Fact]
    public async Task Inspect_BadRowsAndRanges_ReportsQuarantineWithPositions()
    {
        string path = Path.Combine(Path.GetTempPath(), $"pdm-inspect-{Guid.NewGuid():N}.csv");
        await File.WriteAllTextAsync(path, "timestamp,device,temp\n2020-01-01T00:00:00Z,a,20\n2020-01-01T01:00:00Z,a,900\nnot-a-time,a,20\n2020-01-01T00:00:00Z,a,21\n");
        try
        {
            (int exit, string output, _) = await Pdm.RunAsync("inspect", path, "--range", "temp=-40:150", "--json", "--quarantine", path + ".bad.csv");

            Assert.Equal(0, exit);
            using JsonDocument json = JsonDocument.Parse(output);
            JsonElement quality = json.RootElement.GetProperty("quality");
            Assert.Equal((4, 1, 3), (quality.GetProperty("inputRows").GetInt64(), quality.GetProperty("acceptedRows").GetInt64(), quality.GetProperty("quarantinedRows").GetInt64()));
            Assert.Equal(
                ["3 OutOfRange 900 is outside [-40, 150]", "4 UnparsableTime 'not-a-time' is not a timestamp in the format iso", "5 Duplicate asset 'a' at 2020-01-01T00:00:00Z was already read at line 2"],
                json.RootElement.GetProperty("quarantineSamples").EnumerateArray().Select(q => $"{q.GetProperty("line")} {q.GetProperty("reason").GetString()} {q.GetProperty("detail").GetString()}"));
            string[] written = await File.ReadAllLinesAsync(path + ".bad.csv");
            Assert.Equal(4, written.Length);
            Assert.EndsWith(",3,3,temp,OutOfRange,\"900 is outside [-40, 150]\",\"2020-01-01T01:00:00Z,a,900\"", written[1], StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
            File.Delete(path + ".bad.csv");
        }
    }

    [Theory]
    [InlineData("parquet")]
    [InlineData("arrow")]
    public async Task Inspect_ColumnarFilesWrittenByThePackage_ReadWithoutMappingOptions(string format)
    {
        await using ITelemetryReader csv = PredictiveMaintenance.IO.TelemetryFile.Open(Telemetry, AzurePdmDataset.TelemetryOptions());
        TelemetryTable table = (await csv.ReadAllAsync()).Table;
        string path = Path.Combine(Path.GetTempPath(), $"pdm-inspect-{Guid.NewGuid():N}.{format}");
        try
        {
            if (format == "parquet")
            {
                await ParquetTelemetryWriter.WriteFileAsync(table, path);
            }
            else
            {
                await ArrowTelemetryWriter.WriteFileAsync(table, path);
            }

            (int exit, string output, string error) = await Pdm.RunAsync("inspect", path, "--json");

            Assert.Equal((0, string.Empty), (exit, error));
            using JsonDocument json = JsonDocument.Parse(output);
            Assert.Equal((43_200, 20, "2015-04-01T05:00:00Z"), (json.RootElement.GetProperty("rows").GetInt64(), json.RootElement.GetProperty("assets").GetInt32(), json.RootElement.GetProperty("to").GetString()));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public async Task Inspect_ParquetForcedAsText_FailsAsBadData()
    {
        (int exit, _, string error) = await Pdm.RunAsync("inspect", Telemetry, "--format", "parquet");

        Assert.Equal(4, exit);
        Assert.StartsWith("pdm: ", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Inspect_WrongDelimiter_ExitsWithBadDataAndNamesTheFix()
    {
        (int exit, string output, string error) = await Pdm.RunAsync("inspect", Pdm.Data("skab", "valve1", "0.csv"));

        Assert.Equal((4, string.Empty), (exit, output));
        Assert.StartsWith("pdm: ", error, StringComparison.Ordinal);
        Assert.Contains("0.csv, line 1: no column is named like an asset column", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Inspect_SkabLayout_ReadsLabelsAndOneAsset()
    {
        (int exit, string output, _) = await Pdm.RunAsync("inspect", Pdm.Data("skab", "valve1", "0.csv"), "--layout", "skab");

        Assert.Equal(0, exit);
        Assert.Contains("rows         1,147\n", output, StringComparison.Ordinal);
        Assert.Contains("anomaly", output, StringComparison.Ordinal);
        Assert.Contains("Label", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Inspect_MissingFile_ExitsWithInputNotFound()
    {
        (int exit, _, string error) = await Pdm.RunAsync("inspect", "/nonexistent/telemetry.csv");

        Assert.Equal(3, exit);
        Assert.Contains("/nonexistent/telemetry.csv", error, StringComparison.Ordinal);
    }

    [LinuxFact]
    public async Task Inspect_ReadFailingOnTheMachine_ExitsWithFailureAndPrintsTheStackTrace()
    {
        // Reading /proc/self/mem from offset 0 fails with EIO: an I/O error no user input explains, so no exit code 2 to 7.
        string path = Path.Combine(Path.GetTempPath(), $"pdm-unreadable-{Guid.NewGuid():N}.csv");
        File.CreateSymbolicLink(path, "/proc/self/mem");
        try
        {
            (int exit, string output, string error) = await Pdm.RunAsync("inspect", path);

            Assert.Equal((1, string.Empty), (exit, output));
            Assert.Contains($"System.IO.IOException: Input/output error : '{path}'", error, StringComparison.Ordinal);
            Assert.Matches(@"\n   at PredictiveMaintenance\.", error);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public async Task Inspect_UnknownOption_ExitsWithUsage()
    {
        (int exit, _, string error) = await Pdm.RunAsync("inspect", Telemetry, "--frobnicate");

        Assert.Equal(2, exit);
        Assert.Contains("--frobnicate", error, StringComparison.Ordinal);
        Assert.EndsWith("Run 'pdm --help' or 'pdm <command> --help' for usage.\n", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Help_EveryCommand_PrintsUsage()
    {
        (int exit, string output, _) = await Pdm.RunAsync("inspect", "--help");

        Assert.Equal(0, exit);
        Assert.Contains("--asset-column", output, StringComparison.Ordinal);
        Assert.Contains("--json", output, StringComparison.Ordinal);
    }
}
