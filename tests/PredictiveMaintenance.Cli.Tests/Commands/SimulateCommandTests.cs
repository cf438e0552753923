using PredictiveMaintenance.IO;
using PredictiveMaintenance.Simulation;

namespace PredictiveMaintenance.Cli.Tests.Commands;

public class SimulateCommandTests
{
    [Fact]
    public async Task Simulate_SmallFleet_WritesTheAzureLayoutThatTheDatasetLoaderReads()
    {
        string folder = Path.Combine(Path.GetTempPath(), $"pdm-simulate-{Guid.NewGuid():N}");
        try
        {
            (int exit, string printed, string error) = await Pdm.RunAsync("simulate", folder, "--assets", "4", "--days", "2", "--seed", "9", "--no-faults");

            Assert.Equal((0, string.Empty), (exit, error));
            Assert.StartsWith("4 machines, 49 hourly readings each from 2015-01-01 06:00Z (seed 9)\n196 telemetry rows, ", printed.ReplaceLineEndings("\n"), StringComparison.Ordinal);
            var simulator = new FleetSimulator(new FleetSimulationOptions { AssetCount = 4, ReadingsPerAsset = 49, Seed = 9, Faults = SensorFaultRates.None });
            AzurePdmData data = await AzurePdmDataset.LoadAsync(folder, simulator.QualityOptions);
            TelemetryTable expected = TelemetryTable.Concat(simulator.Simulate().Select(b => b.Telemetry));
            Assert.Equal(expected.Times.ToArray(), data.Telemetry.Table.Times.ToArray());
            Assert.Equal(expected.GetChannel("vibration").ToArray(), data.Telemetry.Table.GetChannel("vibration").ToArray());
            Assert.Equal(4, data.Machines.Records.Count);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public async Task Simulate_UnknownFormat_ExitsWithUsage()
    {
        (int exit, _, string error) = await Pdm.RunAsync("simulate", Path.GetTempPath(), "--format", "xlsx");

        Assert.Equal(ExitCodes.Usage, exit);
        Assert.Equal("pdm: --format 'xlsx' is not csv, csv.gz or parquet.\n", error.ReplaceLineEndings("\n"));
    }
}
