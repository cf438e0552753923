using System.Text.Json;
using PredictiveMaintenance.DeltaLake;
using PredictiveMaintenance.IO;

namespace PredictiveMaintenance.Cli.Tests.Commands;

public sealed class TableExportCommandTests : IDisposable
{
    private readonly TableTestTables _tables = new();

    public void Dispose() => _tables.Dispose();

    [Fact]
    public async Task Export_TelemetryTableToParquet_InspectReadsItBackWithoutOptions()
    {
        string path = await _tables.TelemetryAsync();
        string file = _tables.Combine("telemetry.parquet");

        (int exit, string output, string error) = await Pdm.RunAsync("table", "export", path, "--output", file);
        (int inspectExit, string inspect, _) = await Pdm.RunAsync("inspect", file, "--json");
        TelemetryBatch read;
        await using (ParquetTelemetryReader reader = ParquetTelemetryReader.Open(file))
        {
            read = await reader.ReadAllAsync();
        }

        Assert.Equal((0, "exported 96 rows of telemetry (2 assets, 2 channels) from version 2 to telemetry.parquet\n", string.Empty), (exit, output, error));
        Assert.Equal(0, inspectExit);
        using JsonDocument json = JsonDocument.Parse(inspect);
        JsonElement root = json.RootElement;
        Assert.Equal((96L, 2, "2015-01-02T23:00:00Z"), (root.GetProperty("rows").GetInt64(), root.GetProperty("assets").GetInt32(), root.GetProperty("to").GetString()));
        Assert.Equal(["volt 9", "mode 0"], root.GetProperty("channels").EnumerateArray().Select(c => $"{c.GetProperty("name").GetString()} {c.GetProperty("missing").GetInt64()}"));

        // The file records the telemetry schema, roles included, for IO's reader.
        Assert.Equal(TableTestTables.Schema, read.Table.Schema);
        Assert.Equal(TableTestTables.Hourly(0, 48).Times.ToArray(), read.Table.Times.ToArray());
    }

    [Fact]
    public async Task Export_TelemetryTableToCsv_WritesIsoTimesAndMissingReadingsAsEmptyFields()
    {
        string path = await _tables.TelemetryAsync();
        string file = _tables.Combine("telemetry.csv");

        (int exit, _, _) = await Pdm.RunAsync("table", "export", path, "-o", file, "--version", "1");
        string[] lines = await File.ReadAllLinesAsync(file);
        (int inspectExit, string inspect, _) = await Pdm.RunAsync("inspect", file);

        Assert.Equal(0, exit);
        Assert.Equal(["machineID,datetime,volt,mode", "1,2015-01-01T00:00:00Z,171,0", "1,2015-01-01T01:00:00Z,171.25,1"], lines[..3]);
        Assert.Equal("2,2015-01-01T03:00:00Z,,0", lines[28]);
        Assert.Equal(49, lines.Length);
        Assert.Equal(0, inspectExit);
        Assert.Contains("rows         48\n", inspect, StringComparison.Ordinal);
        Assert.Contains("reordered 0, missing values 5, blank lines 0\n", inspect, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Export_RowsAppendedTwice_SaysWhichRowsWereLeftOut()
    {
        var table = await DeltaTable.CreateAsync(_tables.Combine("twice"), TableTestTables.Schema);
        await table.AppendAsync(TableTestTables.Hourly(0, 5));
        await table.AppendAsync(TableTestTables.Hourly(0, 5));

        (int exit, string output, _) = await Pdm.RunAsync("table", "export", table.Path, "-o", _tables.Combine("twice.parquet"));

        Assert.Equal((0, "exported 10 rows of telemetry (2 assets, 2 channels) from version 2 to twice.parquet; 10 rows left out: Duplicate 10\n"), (exit, output));
    }

    [Fact]
    public async Task Export_PlainTableToCsv_WritesEveryColumnQuotedAsNeeded()
    {
        string path = await PlainTableAsync();
        string file = _tables.Combine("plain.csv");

        (int exit, string output, _) = await Pdm.RunAsync("table", "export", path, "--output", file);

        Assert.Equal((0, "exported 3 rows (5 columns) from version 1 to plain.csv\n"), (exit, output));
        Assert.Equal(
            [
                "machine,at,reading,note,site",
                "m3,2015-01-01T06:00:00Z,-0.25,\"two\nlines\",",
                "m1,2015-01-01T06:00:00.000001Z,1.5,\"says \"\"hi\"\", twice\",north",
                "m2,1969-12-31T23:59:59Z,,,north",
            ],
            (await File.ReadAllTextAsync(file)).TrimEnd('\n').Split('\n').Aggregate(new List<string>(), Join));
    }

    [Fact]
    public async Task Export_PlainTableToParquet_InspectReadsItThroughAMapping()
    {
        string path = await PlainTableAsync();
        string file = _tables.Combine("plain.parquet");

        (int exit, string output, _) = await Pdm.RunAsync("table", "export", path, "--output", file);
        (int inspectExit, string inspect, string error) = await Pdm.RunAsync("inspect", file, "--asset-column", "machine", "--time-column", "at", "--channels", "reading", "--json");

        Assert.Equal((0, "exported 3 rows (5 columns) from version 1 to plain.parquet\n"), (exit, output));
        Assert.Equal((0, string.Empty), (inspectExit, error));
        using JsonDocument json = JsonDocument.Parse(inspect);
        Assert.Equal((3L, "1969-12-31T23:59:59Z", "2015-01-01T06:00:00.000001Z"), (json.RootElement.GetProperty("rows").GetInt64(), json.RootElement.GetProperty("from").GetString(), json.RootElement.GetProperty("to").GetString()));
        Assert.Equal(1L, json.RootElement.GetProperty("channels")[0].GetProperty("missing").GetInt64());
    }

    [Fact]
    public async Task Export_OtherExtension_ExitsWithUsageAndWritesNothing()
    {
        string path = await _tables.TelemetryAsync();

        (int exit, _, string error) = await Pdm.RunAsync("table", "export", path, "-o", _tables.Combine("telemetry.json"));

        Assert.Equal((2, "pdm: --output 'telemetry.json' must end in .csv or .parquet, which chooses the format.\n"), (exit, error));
        Assert.False(File.Exists(_tables.Combine("telemetry.json")));
    }

    [Fact]
    public async Task Export_NoOutput_ExitsWithUsage()
    {
        string path = await _tables.TelemetryAsync();

        (int exit, _, string error) = await Pdm.RunAsync("table", "export", path);

        Assert.Equal(2, exit);
        Assert.Contains("--output", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Help_Export_PrintsUsage()
    {
        (int exit, string output, _) = await Pdm.RunAsync("table", "export", "--help");

        Assert.Equal(0, exit);
        Assert.Contains("-o, --output <output> (REQUIRED)", output, StringComparison.Ordinal);
        Assert.Contains("--version <version>", output, StringComparison.Ordinal);
    }

    /// <summary>
    /// A table written by no telemetry API: a machine, a timestamp, a nullable reading, a note that needs quoting and a
    /// partition by site (one row in the null partition).
    /// </summary>
    private async Task<string> PlainTableAsync()
    {
        var schema = new DeltaStructType(
            new DeltaStructField("machine", DeltaPrimitiveType.String, nullable: false),
            new DeltaStructField("at", DeltaPrimitiveType.Timestamp, nullable: false),
            new DeltaStructField("reading", DeltaPrimitiveType.Double),
            new DeltaStructField("note", DeltaPrimitiveType.String),
            new DeltaStructField("site", DeltaPrimitiveType.String));
        DeltaTable table = await DeltaTable.CreateAsync(_tables.Combine("plain"), schema, new DeltaCreateOptions { PartitionColumns = ["site"] });
        long six = UnixTime.ToMicroseconds(new DateTime(2015, 1, 1, 6, 0, 0, DateTimeKind.Utc));
        var machines = new Apache.Arrow.StringArray.Builder().Append("m1").Append("m2").Append("m3").Build();
        var times = new Apache.Arrow.TimestampArray(
            new Apache.Arrow.Types.TimestampType(Apache.Arrow.Types.TimeUnit.Microsecond, "UTC"),
            new Apache.Arrow.ArrowBuffer(System.Runtime.InteropServices.MemoryMarshal.AsBytes(new long[] { six + 1, -UnixTime.MicrosecondsPerSecond, six }.AsSpan()).ToArray()),
            Apache.Arrow.ArrowBuffer.Empty,
            3,
            0,
            0);
        var readings = new Apache.Arrow.DoubleArray.Builder().Append(1.5).AppendNull().Append(-0.25).Build();
        var notes = new Apache.Arrow.StringArray.Builder().Append("says \"hi\", twice").AppendNull().Append("two\nlines").Build();
        var sites = new Apache.Arrow.StringArray.Builder().Append("north").Append("north").AppendNull().Build();
        await table.AppendAsync(new Apache.Arrow.RecordBatch(
            new Apache.Arrow.Schema(
                [
                    new Apache.Arrow.Field("machine", Apache.Arrow.Types.StringType.Default, false),
                    new Apache.Arrow.Field("at", times.Data.DataType, false),
                    new Apache.Arrow.Field("reading", Apache.Arrow.Types.DoubleType.Default, true),
                    new Apache.Arrow.Field("note", Apache.Arrow.Types.StringType.Default, true),
                    new Apache.Arrow.Field("site", Apache.Arrow.Types.StringType.Default, true),
                ],
                null),
            [machines, times, readings, notes, sites],
            3));
        return table.Path;
    }

    /// <summary>Joins the line that continues a quoted field (one with an odd number of quotes so far) to the line before.</summary>
    private static List<string> Join(List<string> lines, string line)
    {
        if (lines.Count > 0 && lines[^1].Count(c => c == '"') % 2 == 1)
        {
            lines[^1] += "\n" + line;
        }
        else
        {
            lines.Add(line);
        }

        return lines;
    }
}
