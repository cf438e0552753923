namespace PredictiveMaintenance.Simulation.Tests;

/// <summary>Helpers shared by the simulator tests.</summary>
internal static class Fleet
{
    public static string NewFolder() => Path.Combine(Path.GetTempPath(), $"pdm-fleet-{Guid.NewGuid():N}");

    /// <summary>Every batch of a simulation, in order.</summary>
    public static List<FleetBatch> Run(FleetSimulationOptions options) => [.. new FleetSimulator(options).Simulate()];

    /// <summary>Asserts two tables hold the same assets, times and values (NaN equal to NaN).</summary>
    public static void AssertEqual(TelemetryTable expected, TelemetryTable actual)
    {
        Assert.Equal(expected.Schema, actual.Schema);
        Assert.Equal(expected.AssetIds, actual.AssetIds);
        Assert.Equal(expected.AssetOffsets.ToArray(), actual.AssetOffsets.ToArray());
        Assert.Equal(expected.Times.ToArray(), actual.Times.ToArray());
        for (int c = 0; c < expected.Schema.Channels.Count; c++)
        {
            Assert.Equal(expected.GetChannel(c).ToArray(), actual.GetChannel(c).ToArray());
        }
    }

    public static SensorFaultRates HighFaultRates { get; } = new()
    {
        Dropout = 0.004, Duplicate = 0.005, ClockSkew = 0.004, Spike = 0.006, Missing = 0.008, StuckStart = 0.001,
    };
}
