using System.Globalization;
using BenchmarkDotNet.Attributes;
using CsvHelper;
using Microsoft.Data.Analysis;
using PredictiveMaintenance.IO;

namespace PredictiveMaintenance.Benchmarks;

/// <summary>
/// Reading the full-size Azure-schema telemetry file (876,100 rows × 6 columns, about 70 MB) into memory, on one core:
/// this package's reader against CsvHelper building the same table, and Microsoft.Data.Analysis <c>DataFrame.LoadCsv</c>.
/// </summary>
[MemoryDiagnoser]
[Config(typeof(SingleCoreConfig))]
public class TelemetryCsvReadBenchmarks
{
    private static readonly Type[] DataFrameTypes = [typeof(DateTime), typeof(int), typeof(double), typeof(double), typeof(double), typeof(double)];
    private string _path = string.Empty;

    /// <summary>Machines of the fleet; 100 is the full size (876,100 rows).</summary>
    [Params(AzureTelemetryGenerator.Machines)]
    [CheckSize(2)]
    public int Machines { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _path = Path.Combine(Path.GetTempPath(), "pdm-bench-telemetry.csv");
        File.WriteAllBytes(_path, AzureTelemetryGenerator.CsvBytes(Machines));
    }

    [GlobalCleanup]
    public void Cleanup() => File.Delete(_path);

    /// <summary>CsvHelper 34's span API at its best: typed parsing in place, and no string per row for the repeated asset id.</summary>
    [Benchmark(Baseline = true)]
    public TelemetryTable CsvHelperToTable()
    {
        var builder = new TelemetryTableBuilder(new TelemetrySchema("machineID", "datetime", "volt", "rotate", "pressure", "vibration"));
        using CsvReader csv = CsvReader.FromFile(_path, new CsvReaderOptions { FormatProvider = CultureInfo.InvariantCulture }, FileOptions.SequentialScan);
        Span<double> values = stackalloc double[4];
        byte[] lastAsset = [];
        int assetCode = -1;
        while (csv.Read())
        {
            DateTime time = csv.ParseExact<DateTime>(0, "yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);
            for (int c = 0; c < 4; c++)
            {
                values[c] = csv.Parse<double>(c + 2, CultureInfo.InvariantCulture);
            }

            if (!csv.GetSpan(1).SequenceEqual(lastAsset))
            {
                lastAsset = csv.GetSpan(1).ToArray();
                assetCode = builder.GetOrAddAsset(csv.GetString(1));
            }

            builder.Add(assetCode, UnixTime.ToMicroseconds(DateTime.SpecifyKind(time, DateTimeKind.Utc)), values);
        }

        return builder.Build();
    }

    [Benchmark]
    public DataFrame DataFrameLoadCsv() => DataFrame.LoadCsv(_path, dataTypes: DataFrameTypes, cultureInfo: CultureInfo.InvariantCulture);

    [Benchmark]
    public TelemetryTable DelimitedTelemetryReader()
    {
        IO.DelimitedTelemetryReader reader = IO.DelimitedTelemetryReader.Open(_path, AzurePdmDataset.TelemetryOptions());
        try
        {
            return reader.ReadAllAsync().GetAwaiter().GetResult().Table;
        }
        finally
        {
            reader.DisposeAsync().AsTask().GetAwaiter().GetResult();
        }
    }
}
