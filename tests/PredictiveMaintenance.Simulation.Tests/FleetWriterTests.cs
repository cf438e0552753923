using System.Security.Cryptography;
using PredictiveMaintenance.IO;

namespace PredictiveMaintenance.Simulation.Tests;

public class FleetWriterTests
{
    private static readonly FleetSimulationOptions Small = new() { AssetCount = 30, ReadingsPerAsset = 400, Seed = 11, Faults = Fleet.HighFaultRates };

    [Fact]
    public async Task WriteAsync_SameSeedTwiceAndOtherBatchSizes_WritesIdenticalBytes()
    {
        Dictionary<string, string> first = await HashesAsync(Small);
        Dictionary<string, string> again = await HashesAsync(Small);
        Dictionary<string, string> otherBatches = await HashesAsync(new FleetSimulationOptions { AssetCount = 30, ReadingsPerAsset = 400, Seed = 11, Faults = Fleet.HighFaultRates, BatchReadings = 7 });
        Dictionary<string, string> otherSeed = await HashesAsync(new FleetSimulationOptions { AssetCount = 30, ReadingsPerAsset = 400, Seed = 12, Faults = Fleet.HighFaultRates });

        Assert.Equal(["PdM_errors.csv", "PdM_failures.csv", "PdM_machines.csv", "PdM_maint.csv", "PdM_telemetry.csv", "sensor_faults.csv"], first.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(first, again);
        Assert.Equal(first, otherBatches);
        Assert.NotEqual(first["PdM_telemetry.csv"], otherSeed["PdM_telemetry.csv"]);
    }

    [Fact]
    public async Task WriteAsync_PinnedFleet_HasThePinnedTelemetryHash()
    {
        // Pins the model itself: a change to the simulator that moves any byte must update this hash on purpose.
        Dictionary<string, string> hashes = await HashesAsync(new FleetSimulationOptions { AssetCount = 3, ReadingsPerAsset = 48, Seed = 7 });

        Assert.Equal("99b9dd51a7fb151fcad47f7208bc621780acb0372df12eab9d4151c00b5cbe05", hashes["PdM_telemetry.csv"]);
    }

    [Fact]
    public async Task OpenTelemetryCsv_ReadInOddChunks_IsTheTelemetryFile()
    {
        string folder = Fleet.NewFolder();
        try
        {
            var simulator = new FleetSimulator(Small);
            await FleetWriter.WriteAsync(simulator, folder);
            using var copy = new MemoryStream();
            using (Stream stream = simulator.OpenTelemetryCsv())
            {
                byte[] buffer = new byte[777];
                int n;
                while ((n = stream.Read(buffer, 0, buffer.Length)) > 0)
                {
                    copy.Write(buffer, 0, n);
                }
            }

            Assert.Equal(await File.ReadAllBytesAsync(Path.Combine(folder, "PdM_telemetry.csv")), copy.ToArray());
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public async Task WriteAsync_ReadBackByAzureReaders_GivesTheSimulatedTablesAndQuarantinesEveryInjectedFault()
    {
        string folder = Fleet.NewFolder();
        try
        {
            var simulator = new FleetSimulator(Small);
            FleetWriteSummary summary = await FleetWriter.WriteAsync(simulator, folder, FleetFileFormat.CsvGzip);
            List<FleetBatch> batches = [.. simulator.Simulate()];
            List<SensorFault> faults = [.. batches.SelectMany(b => b.Faults)];
            int Count(SensorFaultKind kind) => faults.Count(f => f.Kind == kind);

            AzurePdmData data = await AzurePdmDataset.LoadAsync(folder, simulator.QualityOptions);

            Fleet.AssertEqual(TelemetryTable.Concat(batches.Select(b => b.Telemetry)), data.Telemetry.Table);
            DataQualityReport report = data.Telemetry.Report;
            Assert.Equal(batches.Sum(b => b.SentRows), report.InputRows);
            Assert.Equal(summary.TelemetryRows, report.InputRows);
            Assert.Equal(simulator.Readings - Count(SensorFaultKind.Dropout) + Count(SensorFaultKind.Duplicate), report.InputRows);
            Assert.Equal(
                new Dictionary<QuarantineReason, long>
                {
                    [QuarantineReason.Duplicate] = Count(SensorFaultKind.Duplicate),
                    [QuarantineReason.OutOfOrder] = Count(SensorFaultKind.ClockSkew),
                    [QuarantineReason.OutOfRange] = Count(SensorFaultKind.Spike),
                },
                report.QuarantinedByReason);
            Assert.Equal(Count(SensorFaultKind.Missing), report.MissingValues);
            Assert.All(new[] { SensorFaultKind.Duplicate, SensorFaultKind.ClockSkew, SensorFaultKind.Spike, SensorFaultKind.Missing, SensorFaultKind.Dropout, SensorFaultKind.Stuck },
                kind => Assert.InRange(Count(kind), 20, int.MaxValue));
            Assert.Equal(faults.Count, summary.Faults);

            Assert.Equal(batches.SelectMany(b => b.Errors), data.Errors.Records);
            Assert.Equal(batches.SelectMany(b => b.Failures), data.Failures.Records);
            Assert.Equal(simulator.Assets, data.Machines.Records);
            Assert.All(data.Maintenance.Records, m => Assert.Equal(MaintenanceKind.Replacement, m.Kind));
            EventLog<MaintenanceEvent> maintenance = await EventLogReader.ReadMaintenanceAsync(
                Path.Combine(folder, "PdM_maint.csv.gz"), new EventLogOptions { DetailColumn = "comp", KindColumn = "kind" });
            Assert.Equal(batches.SelectMany(b => b.Maintenance), maintenance.Records);
            Assert.Equal(0, data.Errors.Report.QuarantinedRows + data.Failures.Report.QuarantinedRows + maintenance.Report.QuarantinedRows + data.Machines.Report.QuarantinedRows);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public async Task OpenTelemetryCsv_ReadInSmallBatches_QuarantinesAcrossBatchBoundariesAlike()
    {
        var simulator = new FleetSimulator(Small);
        List<FleetBatch> batches = [.. simulator.Simulate()];
        var options = new DelimitedTextOptions { Columns = AzurePdmDataset.TelemetryColumns, DataQuality = simulator.QualityOptions, BatchRows = 997 };
        var tables = new List<TelemetryTable>();
        DataQualityReport report = DataQualityReport.Empty;
        await using (var reader = new DelimitedTelemetryReader(simulator.OpenTelemetryCsv(), options, "simulated"))
        {
            await foreach (TelemetryBatch batch in reader.ReadBatchesAsync())
            {
                tables.Add(batch.Table);
                report = report.Add(batch.Report);
            }
        }

        Assert.True(tables.Count > 10);
        TelemetryTable expected = TelemetryTable.Concat(batches.Select(b => b.Telemetry));
        Assert.Equal(expected.RowCount, report.AcceptedRows);
        Assert.Equal(batches.Sum(b => b.Faults.Count(f => f.Kind == SensorFaultKind.Spike)), report.QuarantinedByReason[QuarantineReason.OutOfRange]);
        Assert.Equal(batches.Sum(b => b.Faults.Count(f => f.Kind == SensorFaultKind.ClockSkew)), report.QuarantinedByReason[QuarantineReason.OutOfOrder]);
        Assert.Equal(batches.Sum(b => b.Faults.Count(f => f.Kind == SensorFaultKind.Duplicate)), report.QuarantinedByReason[QuarantineReason.Duplicate]);
        Assert.Equal(expected.Times.ToArray().Order().ToArray(), tables.SelectMany(t => t.Times.ToArray()).Order().ToArray());
    }

    [Fact]
    public async Task WriteAsync_Parquet_HoldsTheAcceptedRows()
    {
        string folder = Fleet.NewFolder();
        try
        {
            var simulator = new FleetSimulator(Small);
            FleetWriteSummary summary = await FleetWriter.WriteAsync(simulator, folder, FleetFileFormat.Parquet);

            TelemetryTable expected = TelemetryTable.Concat(simulator.Simulate().Select(b => b.Telemetry));
            TelemetryTable read;
            await using (ParquetTelemetryReader reader = ParquetTelemetryReader.Open(Path.Combine(folder, "PdM_telemetry.parquet")))
            {
                read = (await reader.ReadAllAsync()).Table;
            }

            Fleet.AssertEqual(expected, read);
            Assert.Equal(expected.RowCount, summary.TelemetryRows);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Theory]
    [InlineData(FleetFileFormat.Csv, 3)]
    [InlineData(FleetFileFormat.Parquet, 4)]
    public async Task WriteAsync_WithProgress_ReportsGrowingRowCountsEndingAtTheTotal(FleetFileFormat format, int reports)
    {
        // 100 machines of 400 readings are about 2.4 MB of CSV: two full buffers and the rest; Parquet reports each of its 4 batches.
        var simulator = new FleetSimulator(new FleetSimulationOptions { AssetCount = 100, ReadingsPerAsset = 400, Seed = 5, BatchReadings = 100 });
        var progress = new RecordingProgress();
        string folder = Fleet.NewFolder();
        try
        {
            FleetWriteSummary summary = await FleetWriter.WriteAsync(simulator, folder, format, progress);

            Assert.Equal(reports, progress.Values.Count);
            Assert.Equal(summary.TelemetryRows, progress.Values[^1]);
            Assert.All(progress.Values.Zip(progress.Values.Skip(1)), pair => Assert.True(pair.First < pair.Second));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static async Task<Dictionary<string, string>> HashesAsync(FleetSimulationOptions options)
    {
        string folder = Fleet.NewFolder();
        try
        {
            FleetWriteSummary summary = await FleetWriter.WriteAsync(new FleetSimulator(options), folder);
            var hashes = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (string file in summary.Files)
            {
                hashes[Path.GetFileName(file)] = Convert.ToHexStringLower(SHA256.HashData(await File.ReadAllBytesAsync(file)));
            }

            return hashes;
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    /// <summary>Records what is reported, synchronously (unlike <see cref="Progress{T}"/>, which posts to the thread pool).</summary>
    private sealed class RecordingProgress : IProgress<long>
    {
        public List<long> Values { get; } = [];

        public void Report(long value) => Values.Add(value);
    }
}
