using BenchmarkDotNet.Attributes;
using PredictiveMaintenance.IO;
using PredictiveMaintenance.Joins;

namespace PredictiveMaintenance.Benchmarks;

/// <summary>
/// Building the Azure training set on one core: the full-size Azure-schema telemetry (876,100 rows, 100 machines
/// hourly through 2015) joined with the real logs shipped in samples/data/azure-pdm (3,286 maintenance records, 3,919
/// errors, 761 failures, 100 machines) into every join feature and the 24-hour labels, 47 columns. The logs are sorted
/// inside the measured operation, from the records.
/// </summary>
/// <remarks>
/// The baseline is the straightforward way to the same table: per row and per column, binary searches into the
/// sorted event times of the row's asset and category, the way a per-column <c>merge_asof</c> works. Both produce
/// bit-for-bit the same table, which the setup checks before anything is measured.
/// </remarks>
[MemoryDiagnoser]
[Config(typeof(SingleCoreConfig))]
public class JoinsBenchmarks
{
    private TelemetryTable _telemetry = null!;
    private AzurePdmData _logs = null!;
    private TelemetrySchema _schema = null!;

    /// <summary>Machines of the telemetry: 100 is the full-size fleet, 20 the size of the real telemetry slice.</summary>
    [Params(20, 100)]
    [CheckSize(2)]
    public int Machines { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _telemetry = AzureTelemetryGenerator.Table(Machines);
        _logs = LoadLogs();
        TelemetryTable fast = TrainingSetBuild().Table;
        _schema = fast.Schema;
        TelemetryTable slow = PerRowBinarySearch();
        if (fast.RowCount != AzureTelemetryGenerator.HoursPerMachine * Machines || !fast.Schema.Equals(slow.Schema))
        {
            throw new InvalidOperationException($"The tables differ in shape: {fast.RowCount} rows [{fast.Schema}] and {slow.RowCount} rows [{slow.Schema}].");
        }

        for (int c = 0; c < fast.Schema.Channels.Count; c++)
        {
            if (!fast.GetChannel(c).SequenceEqual(slow.GetChannel(c)))
            {
                throw new InvalidOperationException($"Column '{fast.Schema.Channels[c].Name}' differs between the builder and the baseline.");
            }
        }
    }

    [Benchmark]
    public TrainingSet TrainingSetBuild() => TrainingSet.Build(
        _telemetry, MaintenanceLogs.FromRecords(_logs.Maintenance.Records, _logs.Errors.Records, _logs.Failures.Records, _logs.Machines.Records));

    /// <summary>The same columns by binary search per row and column, over per-(asset, category) sorted time arrays.</summary>
    [Benchmark(Baseline = true)]
    public TelemetryTable PerRowBinarySearch()
    {
        string[] components = [.. _logs.Maintenance.Records.Select(m => m.Component).Concat(_logs.Failures.Records.Select(f => f.Component)).Distinct().Order(AssetIdComparer.Instance)];
        string[] errorTypes = [.. _logs.Errors.Records.Select(e => e.ErrorCode).Distinct().Order(AssetIdComparer.Instance)];
        string[] models = [.. _logs.Machines.Records.Select(m => m.Model).Distinct().Order(AssetIdComparer.Instance)];
        var maintenance = Index(_logs.Maintenance.Records.Select(m => (m.AssetId, m.Component, m.Time)));
        var replacements = Index(_logs.Maintenance.Records.Where(m => m.Kind == MaintenanceKind.Replacement).Select(m => (m.AssetId, m.Component, m.Time)));
        var failures = Index(_logs.Failures.Records.Select(f => (f.AssetId, f.Component, f.Time)));
        var errors = Index(_logs.Errors.Records.Select(e => (e.AssetId, e.ErrorCode, e.Time)));
        var visits = Index(_logs.Maintenance.Records.Select(m => (m.AssetId, string.Empty, m.Time)), distinct: true);
        var allFailures = Index(_logs.Failures.Records.Select(f => (f.AssetId, string.Empty, f.Time)));
        var machines = _logs.Machines.Records.ToDictionary(m => m.AssetId);
        long[] eventWindows = [24 * UnixTime.MicrosecondsPerHour, 7 * UnixTime.MicrosecondsPerDay];
        long[] serviceWindows = [90 * UnixTime.MicrosecondsPerDay, 365 * UnixTime.MicrosecondsPerDay];
        const long Horizon = 24 * UnixTime.MicrosecondsPerHour;
        const double Hour = UnixTime.MicrosecondsPerHour;
        const double Year = 365.25 * UnixTime.MicrosecondsPerDay;
        long[] times = _telemetry.Times.ToArray();
        int rows = times.Length;

        var columns = new List<double[]>();
        for (int c = 0; c < _telemetry.Schema.Channels.Count; c++)
        {
            columns.Add(_telemetry.GetChannel(c).ToArray());
        }

        double[] Column()
        {
            double[] column = new double[rows];
            columns.Add(column);
            return column;
        }

        // Each column is one pass over the assets; each row of an asset binary-searches that asset's event times.
        void PerAsset(double[] column, Dictionary<(string, string), long[]> index, string category, Func<long[], long, double> value)
        {
            for (int a = 0; a < _telemetry.AssetCount; a++)
            {
                long[] events = index.GetValueOrDefault((_telemetry.AssetIds[a], category), []);
                for (int r = _telemetry.AssetOffsets[a]; r < _telemetry.AssetOffsets[a + 1]; r++)
                {
                    column[r] = value(events, times[r]);
                }
            }
        }

        foreach (var index in (Dictionary<(string, string), long[]>[])[maintenance, replacements, failures])
        {
            foreach (string component in components)
            {
                PerAsset(Column(), index, component, static (events, t) => LowerBound(events, t) is > 0 and int before ? (t - events[before - 1]) / Hour : double.NaN);
            }
        }

        foreach ((var index, string[] categories, long[] windows) in (ReadOnlySpan<(Dictionary<(string, string), long[]>, string[], long[])>)[
            (maintenance, components, eventWindows), (errors, errorTypes, eventWindows), (visits, [string.Empty], serviceWindows)])
        {
            foreach (long window in windows)
            {
                foreach (string category in categories)
                {
                    PerAsset(Column(), index, category, (events, t) => LowerBound(events, t) - LowerBound(events, t - window));
                }
            }
        }

        double[] age = Column();
        double[][] oneHot = [.. models.Select(_ => Column())];
        double[] any = Column();
        double[][] perComponent = [.. components.Select(_ => Column())];
        double[] failureClass = Column();
        double[] rul = Column(), rulCensored = Column(), service = Column(), serviceCensored = Column();
        for (int a = 0; a < _telemetry.AssetCount; a++)
        {
            string asset = _telemetry.AssetIds[a];
            AssetAttributes? machine = machines.GetValueOrDefault(asset);
            long[][] byComponent = [.. components.Select(c => failures.GetValueOrDefault((asset, c), []))];
            long[] assetFailures = allFailures.GetValueOrDefault((asset, string.Empty), []);
            long[] assetVisits = visits.GetValueOrDefault((asset, string.Empty), []);
            for (int r = _telemetry.AssetOffsets[a]; r < _telemetry.AssetOffsets[a + 1]; r++)
            {
                long t = times[r];
                age[r] = machine?.InstallDate is { } installed ? (t - UnixTime.ToMicroseconds(installed)) / Year : double.NaN;
                for (int m = 0; m < models.Length; m++)
                {
                    oneHot[m][r] = machine?.Model == models[m] ? 1 : 0;
                }

                long first = long.MaxValue;
                failureClass[r] = 0;
                for (int k = 0; k < components.Length; k++)
                {
                    long[] events = byComponent[k];
                    int next = LowerBound(events, t);
                    bool hit = next < events.Length && events[next] < t + Horizon;
                    perComponent[k][r] = hit ? 1 : 0;
                    if (hit && events[next] < first)
                    {
                        first = events[next];
                        failureClass[r] = k + 1;
                    }
                }

                any[r] = first != long.MaxValue ? 1 : 0;
                (rul[r], rulCensored[r]) = Until(assetFailures, t);
                (service[r], serviceCensored[r]) = Until(assetVisits, t);
            }
        }

        return _telemetry.WithChannels(_schema, columns);

        static (double Value, double Censored) Until(long[] events, long t)
        {
            int next = LowerBound(events, t);
            return next < events.Length ? ((events[next] - t) / Hour, 0) : (double.NaN, 1);
        }
    }

    /// <summary>The logs shipped with the repository, found from the benchmark's location.</summary>
    internal static AzurePdmData LoadLogs()
    {
        string folder = AppContext.BaseDirectory;
        while (!Directory.Exists(Path.Combine(folder, "samples", "data", "azure-pdm")))
        {
            folder = Path.GetDirectoryName(folder) ?? throw new DirectoryNotFoundException($"No samples/data/azure-pdm above {AppContext.BaseDirectory}.");
        }

        // The telemetry is replaced by the generated full-size table; only the slice's reader is needed to load the rest.
        return AzurePdmDataset.LoadAsync(Path.Combine(folder, "samples", "data", "azure-pdm")).GetAwaiter().GetResult();
    }

    /// <summary>Index of the first element not less than <paramref name="value"/>.</summary>
    private static int LowerBound(long[] sorted, long value)
    {
        int index = Array.BinarySearch(sorted, value);
        if (index < 0)
        {
            return ~index;
        }

        while (index > 0 && sorted[index - 1] == value)
        {
            index--;
        }

        return index;
    }

    private static Dictionary<(string, string), long[]> Index(IEnumerable<(string Asset, string Category, DateTime Time)> events, bool distinct = false) =>
        events
            .GroupBy(e => (e.Asset, e.Category))
            .ToDictionary(g => g.Key, g => g.Select(e => UnixTime.ToMicroseconds(e.Time)).Order().Distinct(distinct).ToArray());
}

internal static class DistinctExtensions
{
    /// <summary>Drops repeated values of a sorted sequence when asked to.</summary>
    public static IEnumerable<long> Distinct(this IEnumerable<long> sorted, bool distinct) => distinct ? sorted.Distinct() : sorted;
}
