using System.Globalization;

namespace PredictiveMaintenance.Simulation.Tests;

public class FleetSimulatorTests
{
    [Fact]
    public void Simulate_DifferentBatchSizes_GiveTheSameFleet()
    {
        var options = new FleetSimulationOptions { AssetCount = 12, ReadingsPerAsset = 300, Seed = 3, Faults = Fleet.HighFaultRates, BatchReadings = 300 };
        List<FleetBatch> whole = Fleet.Run(options);

        foreach (int batchReadings in new[] { 1, 7, 64 })
        {
            List<FleetBatch> batches = Fleet.Run(new FleetSimulationOptions { AssetCount = 12, ReadingsPerAsset = 300, Seed = 3, Faults = Fleet.HighFaultRates, BatchReadings = batchReadings });

            Assert.Equal((300 + batchReadings - 1) / batchReadings, batches.Count);
            Assert.Equal(whole[0].Start, batches[0].Start);
            Assert.Equal(whole[0].End, batches[^1].End);
            Fleet.AssertEqual(whole[0].Telemetry, TelemetryTable.Concat(batches.Select(b => b.Telemetry)));
            Assert.Equal(whole[0].Maintenance, batches.SelectMany(b => b.Maintenance));
            Assert.Equal(whole[0].Failures, batches.SelectMany(b => b.Failures));
            Assert.Equal(whole[0].Errors, batches.SelectMany(b => b.Errors));
            Assert.Equal(whole[0].Faults, batches.SelectMany(b => b.Faults));
            Assert.Equal(whole[0].GetWear(11, 3), batches[^1].GetWear(11, 3));
        }
    }

    [Fact]
    public void Simulate_DefaultFleet_HasTheAzureShape()
    {
        var simulator = new FleetSimulator(new FleetSimulationOptions { AssetCount = 5, ReadingsPerAsset = 30, Faults = SensorFaultRates.None });
        FleetBatch first = simulator.Simulate().First();

        Assert.Equal("machineID", first.Telemetry.Schema.AssetColumn);
        Assert.Equal(["volt", "rotate", "pressure", "vibration"], first.Telemetry.Schema.Channels.Select(c => c.Name));
        Assert.Equal(["1", "2", "3", "4", "5"], first.Telemetry.AssetIds);
        Assert.Equal(5 * 24, first.Telemetry.RowCount);
        Assert.Equal(UnixTime.ToMicroseconds(new DateTime(2015, 1, 1, 6, 0, 0, DateTimeKind.Utc)), first.Telemetry.Times[0]);
        Assert.Equal(UnixTime.MicrosecondsPerHour, first.Telemetry.Times[1] - first.Telemetry.Times[0]);
        Assert.Empty(first.Faults);
        Assert.Equal(5 * 24, first.SentRows);
        Assert.All(simulator.Assets, a => Assert.Matches("^model[1-4]$", a.Model));
    }

    [Fact]
    public void Simulate_ManyAssetHours_FailuresConcentrateAtHighWear()
    {
        var options = new FleetSimulationOptions { AssetCount = 150, ReadingsPerAsset = 4000, Seed = 5, BatchReadings = 1, Faults = SensorFaultRates.None };
        double[] edges = [0.25, 0.5, 0.75, double.PositiveInfinity];
        long[] exposure = new long[edges.Length];
        long[] failures = new long[edges.Length];
        FleetBatch? previous = null;
        foreach (FleetBatch batch in new FleetSimulator(options).Simulate())
        {
            if (previous is not null)
            {
                for (int a = 0; a < options.AssetCount; a++)
                {
                    for (int c = 0; c < 4; c++)
                    {
                        exposure[Bin(previous.GetWear(a, c))]++;
                    }
                }

                foreach (FailureEvent failure in batch.Failures)
                {
                    failures[Bin(previous.GetWear(int.Parse(failure.AssetId, CultureInfo.InvariantCulture) - 1, int.Parse(failure.Component.AsSpan(4), CultureInfo.InvariantCulture) - 1))]++;
                }
            }

            previous = batch;
        }

        double[] rates = [.. failures.Select((f, i) => (double)f / exposure[i])];
        Assert.All(exposure, e => Assert.True(e > 10_000, $"exposure {e}"));
        Assert.True(failures.Sum() > 200, $"{failures.Sum()} failures");
        for (int i = 1; i < rates.Length; i++)
        {
            Assert.True(rates[i] > rates[i - 1], $"failure rate by wear bin: {string.Join(", ", rates)}");
        }

        Assert.True(rates[^1] > 20 * rates[0], $"failure rate by wear bin: {string.Join(", ", rates)}");

        int Bin(double wear) => Array.FindIndex(edges, edge => wear < edge);
    }

    [Fact]
    public void Simulate_Replacements_ResetWearAndScheduledOnesHappenAboveTheThreshold()
    {
        var options = new FleetSimulationOptions { AssetCount = 40, ReadingsPerAsset = 3000, Seed = 8, BatchReadings = 1, Faults = SensorFaultRates.None };
        FleetBatch? previous = null;
        int scheduled = 0, unscheduled = 0;
        foreach (FleetBatch batch in new FleetSimulator(options).Simulate())
        {
            var failed = batch.Failures.Select(f => (f.AssetId, f.Component)).ToHashSet();
            foreach (MaintenanceEvent replacement in batch.Maintenance)
            {
                int asset = int.Parse(replacement.AssetId, CultureInfo.InvariantCulture) - 1;
                int component = int.Parse(replacement.Component.AsSpan(4), CultureInfo.InvariantCulture) - 1;
                Assert.Equal(0, batch.GetWear(asset, component));
                Assert.True(previous!.GetWear(asset, component) > 0);
                if (replacement.Kind == MaintenanceKind.Scheduled)
                {
                    scheduled++;
                    // One reading's wear is far below 0.01 at the default wear life.
                    Assert.True(previous.GetWear(asset, component) >= options.ReplacementWear - 0.01);
                }
                else
                {
                    unscheduled++;
                    Assert.Equal(MaintenanceKind.Unscheduled, replacement.Kind);
                    Assert.Contains((replacement.AssetId, replacement.Component), failed);
                }
            }

            Assert.Equal(batch.Failures.Count, batch.Maintenance.Count(m => m.Kind == MaintenanceKind.Unscheduled));
            previous = batch;
        }

        Assert.InRange(scheduled, 100, int.MaxValue);
        Assert.InRange(unscheduled, 50, int.MaxValue);
    }

    [Fact]
    public void Simulate_WearOfComponent4_RaisesVibrationUntilItIsReplaced()
    {
        List<FleetBatch> batches = Fleet.Run(new FleetSimulationOptions { AssetCount = 60, ReadingsPerAsset = 3000, Seed = 9, BatchReadings = 3000, Faults = SensorFaultRates.None });
        TelemetryTable telemetry = batches[0].Telemetry;
        double before = 0, after = 0;
        int count = 0;
        foreach (MaintenanceEvent replacement in batches[0].Maintenance.Where(m => m.Component == "comp4"))
        {
            ReadOnlySpan<long> times = telemetry.GetTimes(telemetry.AssetIds.ToList().IndexOf(replacement.AssetId));
            ReadOnlySpan<double> vibration = telemetry.GetChannel(3, telemetry.AssetIds.ToList().IndexOf(replacement.AssetId));
            int at = times.IndexOf(UnixTime.ToMicroseconds(replacement.Time));
            if (at >= 48 && at + 48 <= times.Length)
            {
                for (int k = 1; k <= 48; k++)
                {
                    before += vibration[at - k];
                    after += vibration[at + k - 1];
                }

                count++;
            }
        }

        Assert.InRange(count, 30, int.MaxValue);
        Assert.True(before / count > (after / count) + (48 * 3), $"mean vibration 48 h before {before / count / 48:F2}, after {after / count / 48:F2}");
    }

    [Fact]
    public void Simulate_FaultRates_MatchTheOptions()
    {
        var rates = new SensorFaultRates { Dropout = 0.003, Duplicate = 0.004, ClockSkew = 0.002, Spike = 0.005, Missing = 0.006, StuckStart = 0.0005, StuckMinReadings = 4, StuckMaxReadings = 12 };
        var options = new FleetSimulationOptions { AssetCount = 200, ReadingsPerAsset = 2000, Seed = 21, BatchReadings = 500, Faults = rates };
        List<FleetBatch> batches = Fleet.Run(options);
        long readings = options.AssetCount * (long)options.ReadingsPerAsset;
        Dictionary<SensorFaultKind, int> counts = batches.SelectMany(b => b.Faults).GroupBy(f => f.Kind).ToDictionary(g => g.Key, g => g.Count());

        AssertRate(SensorFaultKind.Dropout, rates.Dropout);
        AssertRate(SensorFaultKind.Duplicate, rates.Duplicate);
        AssertRate(SensorFaultKind.ClockSkew, rates.ClockSkew * (1 - rates.RowFaultRate));
        AssertRate(SensorFaultKind.Spike, rates.Spike);
        AssertRate(SensorFaultKind.Missing, rates.Missing);
        // A channel is stuck for 8 readings on average per start, and cannot start again while stuck.
        double stuckShare = 8 * rates.StuckStart / (1 + (8 * rates.StuckStart));
        Assert.InRange(counts[SensorFaultKind.Stuck] / (4.0 * readings), 0.85 * stuckShare, 1.15 * stuckShare);

        void AssertRate(SensorFaultKind kind, double p)
        {
            double expected = p * readings;
            double sigma = Math.Sqrt(expected);
            Assert.InRange(counts[kind], expected - (5 * sigma), expected + (5 * sigma));
        }
    }

    [Fact]
    public void Simulate_StuckFaults_RepeatThePreviousValue()
    {
        List<FleetBatch> batches = Fleet.Run(new FleetSimulationOptions { AssetCount = 50, ReadingsPerAsset = 2000, Seed = 4, BatchReadings = 2000, Faults = Fleet.HighFaultRates });
        TelemetryTable table = batches[0].Telemetry;
        int checkedFaults = 0;
        foreach (SensorFault fault in batches[0].Faults.Where(f => f.Kind == SensorFaultKind.Stuck))
        {
            int asset = table.AssetIds.ToList().IndexOf(fault.AssetId);
            ReadOnlySpan<long> times = table.GetTimes(asset);
            int at = times.IndexOf(UnixTime.ToMicroseconds(fault.Time));
            ReadOnlySpan<double> values = table.GetChannel(table.Schema.GetIndex(fault.Channel!), asset);
            if (at > 0 && times[at - 1] == times[at] - UnixTime.MicrosecondsPerHour && !double.IsNaN(values[at - 1]))
            {
                Assert.Equal(values[at - 1], values[at]);
                checkedFaults++;
            }
        }

        Assert.InRange(checkedFaults, 100, int.MaxValue);
    }

    [Fact]
    public void Constructor_InvalidOptions_ThrowsNamingTheOption()
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => new FleetSimulator(new FleetSimulationOptions { AssetCount = 0 }));
        Assert.Equal("AssetCount", e.ParamName);

        var rows = Assert.Throws<ArgumentOutOfRangeException>(() => new FleetSimulator(new FleetSimulationOptions { Faults = new SensorFaultRates { Missing = 0.6, Spike = 0.5 } }));
        Assert.StartsWith("The row fault rates (dropout, duplicate, clock skew, spike, missing) must add up to at most 1.", rows.Message, StringComparison.Ordinal);

        var interval = Assert.Throws<ArgumentException>(() => new FleetSimulator(new FleetSimulationOptions { Interval = TimeSpan.FromMilliseconds(1500) }));
        Assert.StartsWith("Interval must be whole seconds; it is 00:00:01.5000000.", interval.Message, StringComparison.Ordinal);
    }
}
