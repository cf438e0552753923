using System.Globalization;
using System.IO.Compression;
using PredictiveMaintenance.IO;

namespace PredictiveMaintenance.Joins.Tests;

/// <summary>
/// The training set of the shipped Azure data (the complete error, maintenance, failure and machine tables with the
/// real telemetry slice of machines 1-20, 2015-01-01 06:00 to 2015-04-01 05:00), checked against counts computed
/// here by plain loops over the raw CSV rows, against pinned numbers (which pandas 1.5.3 gives too, with the same
/// definitions), and against values worked out by hand from the files.
/// </summary>
public sealed class TrainingSetAzureTests : IClassFixture<TrainingSetAzureTests.Azure>
{
    private static readonly string[] Components = ["comp1", "comp2", "comp3", "comp4"];
    private readonly Azure _azure;

    public TrainingSetAzureTests(Azure azure) => _azure = azure;

    [Fact]
    public void Load_ShippedData_HasThePublishedCounts()
    {
        Assert.Equal(3286, _azure.Set.Logs.Maintenance.Count);
        Assert.Equal(3286, _azure.Set.Logs.Replacements.Count);
        Assert.Equal(3919, _azure.Set.Logs.Errors.Count);
        Assert.Equal(761, _azure.Set.Logs.Failures.Count);
        Assert.Equal(100, _azure.Set.Logs.AssetsById.Count);
        Assert.Equal(43_200, _azure.Set.Table.RowCount);
        Assert.Equal(20, _azure.Set.Table.AssetCount);
        Assert.Equal(Components, _azure.Set.Components);
        Assert.Equal(["error1", "error2", "error3", "error4", "error5"], _azure.Set.ErrorTypes);
        Assert.Equal(["model1", "model2", "model3", "model4"], _azure.Set.Models);
    }

    [Fact]
    public void Build_FailsWithin24h_RowsPerComponentMatchIndependentCount()
    {
        int[] expected = [.. Components.Select(component => _azure.Telemetry.Count(row =>
            _azure.Of(_azure.Failures, row.Machine).Any(f => f.Category == component && f.Time >= row.Time && f.Time < row.Time.AddHours(24))))];
        int expectedAny = _azure.Telemetry.Count(row => _azure.Of(_azure.Failures, row.Machine).Any(f => f.Time >= row.Time && f.Time < row.Time.AddHours(24)));

        int[] actual = [.. Components.Select(c => (int)TestData.Column(_azure.Set.Table, $"fails_within_24h_{c}").Sum())];
        Assert.Equal(expected, actual);
        Assert.Equal([310, 383, 142, 213], actual);
        Assert.Equal(expectedAny, (int)TestData.Column(_azure.Set.Table, "fails_within_24h").Sum());
        Assert.Equal(907, expectedAny);

        // The multi-class label names one component per failing row, so its classes add up to the binary label.
        double[] classes = TestData.Column(_azure.Set.Table, "failure_class_24h");
        Assert.Equal(907, classes.Count(c => c != 0));
    }

    [Fact]
    public void Build_Rul_CensoredRowsAreTheMachinesWithoutLaterFailure()
    {
        int expected = _azure.Telemetry.Count(row => !_azure.Of(_azure.Failures, row.Machine).Any(f => f.Time >= row.Time));

        // Machine 6 has no failure in the whole year; every other machine of the slice fails again after 2015-04-01.
        Assert.Equal(expected, _azure.Set.CensoredRows);
        Assert.Equal(2160, _azure.Set.CensoredRows);
        Assert.Equal(2160, TestData.Column(_azure.Set.Table.SelectAssets(["6"]), "rul_censored").Sum());
    }

    [Fact]
    public void Build_TimeSinceReplacementAndFailure_MatchIndependentLoopOnEveryRow()
    {
        foreach (string component in Components)
        {
            double[] replacement = [.. _azure.Telemetry.Select(row => HoursSinceLast(_azure.Of(_azure.Maintenance, row.Machine), row, component))];
            double[] failure = [.. _azure.Telemetry.Select(row => HoursSinceLast(_azure.Of(_azure.Failures, row.Machine), row, component))];

            Assert.Equal(replacement, TestData.Column(_azure.Set.Table, $"hours_since_replacement_{component}"));
            Assert.Equal(failure, TestData.Column(_azure.Set.Table, $"hours_since_failure_{component}"));
        }
    }

    [Fact]
    public void Build_HoursSinceReplacement_MatchesDaysCountedByHand()
    {
        // From PdM_maint.csv, machine 1: comp2 replaced 2014-06-01 06:00, comp4 2014-07-16 06:00, then comp4 and comp1
        // at 2015-01-05 06:00, when comp4 also failed (PdM_failures.csv). At 2015-01-05 06:00 that replacement is not yet
        // known: comp4 was last replaced 2014-07-16, 15 + 31 + 30 + 31 + 30 + 31 + 5 = 173 days earlier; comp2
        // 2014-06-01, 29 + 31 + 31 + 30 + 31 + 30 + 31 + 5 = 218 days earlier. An hour later comp4 is 1 hour old.
        Assert.Equal(173 * 24, Value("hours_since_replacement_comp4", "1", 2015, 1, 5, 6));
        Assert.Equal(218 * 24, Value("hours_since_replacement_comp2", "1", 2015, 1, 5, 6));
        Assert.Equal(1, Value("hours_since_replacement_comp4", "1", 2015, 1, 5, 7));
        Assert.Equal(1, Value("failure_class_24h", "1", 2015, 1, 5, 6) == 4 ? 1 : 0);
        Assert.Equal(1, Value("fails_within_24h_comp4", "1", 2015, 1, 4, 7));
        Assert.Equal(0, Value("fails_within_24h_comp4", "1", 2015, 1, 4, 6));
        Assert.Equal(24, Value("rul_hours", "1", 2015, 1, 4, 6));

        // Next failure of machine 1 after 2015-01-05 06:00 is comp1 at 2015-03-06 06:00: from 2015-01-05 07:00 that is
        // 26 + 28 + 6 = 60 days less an hour.
        Assert.Equal((60 * 24) - 1, Value("rul_hours", "1", 2015, 1, 5, 7));

        // Machine 17: comp4 replaced 2014-09-29 06:00 and again 2015-01-01 06:00, the first telemetry hour, where the
        // new one is not yet known (1 + 31 + 30 + 31 + 1 = 94 days); comp4 failed 2015-01-02 03:00, 21 hours after it.
        Assert.Equal(94 * 24, Value("hours_since_replacement_comp4", "17", 2015, 1, 1, 6));
        Assert.Equal(1, Value("hours_since_replacement_comp4", "17", 2015, 1, 1, 7));
        Assert.Equal(21, Value("hours_since_replacement_comp4", "17", 2015, 1, 2, 3));
        Assert.Equal(1, Value("fails_within_24h_comp4", "17", 2015, 1, 2, 3));

        // Machine 1 at 2015-01-05 06:00: in the 90 days before, one visit (2014-12-13); an hour later also the visit of
        // 2015-01-05 06:00, where comp4 and comp1 were replaced together and count once.
        Assert.Equal(1, Value("services_90d", "1", 2015, 1, 5, 6));
        Assert.Equal(2, Value("services_90d", "1", 2015, 1, 5, 7));

        // PdM_machines.csv: machine 1 is a model3 of age 18 at 2015-01-01, so 18 years and 6 hours at the first reading.
        Assert.Equal(1, Value("model_model3", "1", 2015, 1, 1, 6));
        Assert.Equal(18 + (6 / 24.0 / 365.25), Value("age_years", "1", 2015, 1, 1, 6), 9);
    }

    [Fact]
    public void Build_ErrorAndServiceCounts_MatchIndependentCount()
    {
        string[] errorTypes = ["error1", "error2", "error3", "error4", "error5"];
        int[] expected = [.. errorTypes.Select(type => _azure.Telemetry.Sum(row =>
            _azure.Of(_azure.Errors, row.Machine).Count(e => e.Category == type && e.Time >= row.Time.AddHours(-24) && e.Time < row.Time)))];
        int services = _azure.Telemetry.Sum(row =>
            _azure.Of(_azure.Maintenance, row.Machine).Where(m => m.Time >= row.Time.AddDays(-365) && m.Time < row.Time).Select(m => m.Time).Distinct().Count());

        Assert.Equal(expected, errorTypes.Select(type => (int)TestData.Column(_azure.Set.Table, $"errors_{type}_24h").Sum()));
        Assert.Equal([1374, 1295, 1103, 864, 383], expected);
        Assert.Equal(services, (int)TestData.Column(_azure.Set.Table, "services_365d").Sum());
        Assert.Equal(268_678, services);
    }

    private double Value(string column, string machine, int year, int month, int day, int hour) =>
        TestData.ValueAt(_azure.Set.Table, column, machine, TestData.At(year, month, day, hour));

    private static double HoursSinceLast(IEnumerable<RawEvent> events, RawRow row, string component)
    {
        DateTime? last = events.Where(e => e.Category == component && e.Time < row.Time).Select(e => (DateTime?)e.Time).Max();
        return last is { } time ? (row.Time - time).TotalHours : double.NaN;
    }

    /// <summary>A telemetry row as read straight from the CSV: machine and time only.</summary>
    public readonly record struct RawRow(string Machine, DateTime Time);

    /// <summary>A log row as read straight from the CSV.</summary>
    public readonly record struct RawEvent(string Machine, DateTime Time, string Category);

    /// <summary>The shipped data, loaded once: through the IO package into a training set, and raw, for the checks.</summary>
    public sealed class Azure
    {
        private readonly Dictionary<RawEvent[], ILookup<string, RawEvent>> _byMachine = new(ReferenceEqualityComparer.Instance);

        public Azure()
        {
            string folder = TestData.Path("azure-pdm");
            AzurePdmData data = AzurePdmDataset.LoadAsync(folder).GetAwaiter().GetResult();
            Set = TrainingSet.Build(
                data.Telemetry.Table,
                MaintenanceLogs.FromRecords(data.Maintenance.Records, data.Errors.Records, data.Failures.Records, data.Machines.Records));
            Telemetry = [.. Lines(Path.Combine(folder, "PdM_telemetry_SUBSET_machines001-020_first2160h.csv.gz")).Select(f => new RawRow(f[1], Parse(f[0])))];
            Maintenance = Events(folder, "PdM_maint.csv.gz");
            Failures = Events(folder, "PdM_failures.csv.gz");
            Errors = Events(folder, "PdM_errors.csv.gz");
        }

        public TrainingSet Set { get; }

        /// <summary>The events of one machine, in file order (a lookup, to keep the per-row loops fast enough).</summary>
        public IEnumerable<RawEvent> Of(RawEvent[] log, string machine)
        {
            lock (_byMachine)
            {
                if (!_byMachine.TryGetValue(log, out ILookup<string, RawEvent>? lookup))
                {
                    _byMachine[log] = lookup = log.ToLookup(e => e.Machine);
                }

                return lookup[machine];
            }
        }

        public RawRow[] Telemetry { get; }

        public RawEvent[] Maintenance { get; }

        public RawEvent[] Failures { get; }

        public RawEvent[] Errors { get; }

        private static RawEvent[] Events(string folder, string file) =>
            [.. Lines(Path.Combine(folder, file)).Select(f => new RawEvent(f[1], Parse(f[0]), f[2]))];

        private static DateTime Parse(string text) =>
            DateTime.ParseExact(text, "yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal);

        /// <summary>The fields of every line after the header.</summary>
        private static IEnumerable<string[]> Lines(string path)
        {
            using var reader = new StreamReader(new GZipStream(File.OpenRead(path), CompressionMode.Decompress));
            reader.ReadLine();
            while (reader.ReadLine() is { } line)
            {
                yield return line.Split(',');
            }
        }
    }
}
