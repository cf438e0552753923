using System.Globalization;
using System.Text.Json;
using PredictiveMaintenance.DeltaLake;

namespace PredictiveMaintenance.Cli.Tests.Commands;

public sealed class TableInfoCommandTests : IDisposable
{
    private readonly TableTestTables _tables = new();

    public void Dispose() => _tables.Dispose();

    [Fact]
    public async Task Info_TelemetryTable_PrintsVersionProtocolSchemaCountsAndHistory()
    {
        string path = await _tables.TelemetryAsync();

        (int exit, string output, string error) = await Pdm.RunAsync("table", "info", path);

        Assert.Equal((0, string.Empty), (exit, error));
        string[] lines = output.Split('\n');
        Assert.Equal(
            [
                $"table        {path}",
                "version      2 (latest), committed 2024-05-01T14:00:00Z",
                "protocol     reader 1, writer 2",
                "partitions   day",
            ],
            lines[..4]);
        Assert.Matches(@"^files        2 \([0-9,]+ bytes\)$", lines[4]);
        Assert.Equal(
            [
                "rows         96",
                "telemetry    machineID, datetime (UtcTimestamp): volt (Sensor), mode (Setting)",
                "schema       5 columns",
                "  machineID  string     not null",
                "  datetime   timestamp  not null",
                "  volt       double",
                "  mode       double",
                "  day        date       not null, partition",
                "history      3 commits, newest first",
                "  2  2024-05-01T14:00:00Z  WRITE  mode=Append, partitionBy=[\"day\"]",
                "  1  2024-05-01T13:00:00Z  WRITE  mode=Append, partitionBy=[\"day\"]",
                "  0  2024-05-01T12:00:00Z  CREATE TABLE  isManaged=false, partitionBy=[\"day\"]",
                string.Empty,
            ],
            lines[5..]);
    }

    [Fact]
    public async Task Info_VersionOption_DescribesThatVersionAndItsHistory()
    {
        string path = await _tables.TelemetryAsync();

        (int exit, string output, _) = await Pdm.RunAsync("table", "info", path, "--version", "1");

        Assert.Equal(0, exit);
        Assert.Contains("\nversion      1 (latest 2), committed 2024-05-01T13:00:00Z\n", output, StringComparison.Ordinal);
        Assert.Contains("\nrows         48\n", output, StringComparison.Ordinal);
        Assert.Contains("\nhistory      2 commits, newest first\n", output, StringComparison.Ordinal);
        Assert.DoesNotContain("14:00:00Z", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Info_Json_GivesMachineReadableDescription()
    {
        string path = await _tables.TelemetryAsync();

        (int exit, string output, _) = await Pdm.RunAsync("table", "info", path, "--json");

        Assert.Equal(0, exit);
        using JsonDocument json = JsonDocument.Parse(output);
        JsonElement root = json.RootElement;
        Assert.Equal((2L, 2L, 96L, 2), (root.GetProperty("version").GetInt64(), root.GetProperty("latestVersion").GetInt64(), root.GetProperty("rows").GetInt64(), root.GetProperty("files").GetInt32()));
        Assert.Equal((1, 2), (root.GetProperty("protocol").GetProperty("minReaderVersion").GetInt32(), root.GetProperty("protocol").GetProperty("minWriterVersion").GetInt32()));
        Assert.Equal(["day"], root.GetProperty("partitionColumns").EnumerateArray().Select(c => c.GetString()));
        Assert.Equal(
            ["machineID string False False", "datetime timestamp False False", "volt double True False", "mode double True False", "day date False True"],
            root.GetProperty("columns").EnumerateArray().Select(c => $"{c.GetProperty("name").GetString()} {c.GetProperty("type").GetString()} {c.GetProperty("nullable").GetBoolean()} {c.GetProperty("partition").GetBoolean()}"));
        Assert.Equal("machineID, datetime (UtcTimestamp): volt (Sensor), mode (Setting)", root.GetProperty("telemetry").GetString());
        Assert.Equal([2L, 1L, 0L], root.GetProperty("history").EnumerateArray().Select(h => h.GetProperty("version").GetInt64()));
        Assert.Equal("Append", root.GetProperty("history")[0].GetProperty("parameters").GetProperty("mode").GetString());
        Assert.Equal("day", root.GetProperty("properties").GetProperty("predictive-maintenance.telemetry-day-column").GetString());
    }

    [Fact]
    public async Task Info_MissingFolder_ExitsWithInputNotFound()
    {
        string path = _tables.Combine("nowhere");

        (int exit, string output, string error) = await Pdm.RunAsync("table", "info", path);

        Assert.Equal((3, string.Empty, $"pdm: Table folder '{path}' does not exist.\n"), (exit, output, error));
    }

    [Fact]
    public async Task Info_FolderWithoutTable_ExitsWithBadData()
    {
        System.IO.Directory.CreateDirectory(_tables.Combine("empty"));

        (int exit, _, string error) = await Pdm.RunAsync("table", "info", _tables.Combine("empty"));

        Assert.Equal((4, $"pdm: '{_tables.Combine("empty")}' is not a Delta table: it has no _delta_log/00000000000000000000.json or later commit.\n"), (exit, error));
    }

    [Theory]
    [InlineData("7", 4, "Version 7 of '{0}' does not exist; the latest version is 2.")]
    [InlineData("-1", 2, "--version must be 0 or more; it is -1.")]
    public async Task Info_VersionOutOfRange_ExitsNamingTheVersion(string version, int expectedExit, string expectedMessage)
    {
        string path = await _tables.TelemetryAsync();

        (int exit, _, string error) = await Pdm.RunAsync("table", "info", path, "--version", version);

        Assert.Equal((expectedExit, $"pdm: {string.Format(CultureInfo.InvariantCulture, expectedMessage, path)}\n"), (exit, error));
    }

    [Fact]
    public async Task Help_TableCommands_PrintUsage()
    {
        (int tableExit, string table, _) = await Pdm.RunAsync("table", "--help");
        (int infoExit, string info, _) = await Pdm.RunAsync("table", "info", "--help");

        Assert.Equal((0, 0), (tableExit, infoExit));
        Assert.Contains("info <location>", table, StringComparison.Ordinal);
        Assert.Contains("export <location>", table, StringComparison.Ordinal);
        Assert.Contains("--version <version>", info, StringComparison.Ordinal);
        Assert.Contains("--json", info, StringComparison.Ordinal);
    }
}

/// <summary>Delta tables for the <c>pdm table</c> tests, written with a clock that moves one hour per commit.</summary>
internal sealed class TableTestTables : IDisposable
{
    public static readonly TelemetrySchema Schema = new("machineID", "datetime", TimeKind.UtcTimestamp, [new("volt"), new("mode", ChannelRole.Setting)]);

    public static readonly DateTimeOffset Created = new(2024, 5, 1, 12, 0, 0, TimeSpan.Zero);

    private static readonly long Jan1 = UnixTime.ToMicroseconds(new DateTime(2015, 1, 1, 0, 0, 0, DateTimeKind.Utc));

    public string Directory { get; } = Path.Combine(Path.GetTempPath(), "pdm-table-tests", Guid.NewGuid().ToString("N"));

    public string Combine(string name) => Path.Combine(Directory, name);

    public void Dispose()
    {
        if (System.IO.Directory.Exists(Directory))
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
    }

    /// <summary>
    /// A telemetry table partitioned by day: version 1 holds machines 1 and 2 hourly through 2015-01-01 (volt missing for
    /// machine 2 every fifth hour from hour 3), version 2 the same for 2015-01-02, as batch 2 of application 'ingest'.
    /// </summary>
    public async Task<string> TelemetryAsync(string name = "telemetry")
    {
        var clock = new SteppingClock(Created);
        DeltaTable table = await DeltaTable.CreateAsync(Combine(name), Schema, new DeltaTelemetryCreateOptions { PartitionByDay = true }, new DeltaTableOptions { TimeProvider = clock });
        clock.Step();
        await table.AppendAsync(Hourly(0, 24), new DeltaWriteOptions { ApplicationId = "ingest", ApplicationVersion = 1 });
        clock.Step();
        await table.AppendAsync(Hourly(24, 24), new DeltaWriteOptions { ApplicationId = "ingest", ApplicationVersion = 2 });
        return table.Path;
    }

    /// <summary>Machines 1 and 2 hourly from 2015-01-01 plus <paramref name="firstHour"/> hours.</summary>
    public static TelemetryTable Hourly(int firstHour, int hours)
    {
        var builder = new TelemetryTableBuilder(Schema);
        for (int machine = 1; machine <= 2; machine++)
        {
            for (int hour = firstHour; hour < firstHour + hours; hour++)
            {
                double volt = machine == 2 && hour % 5 == 3 ? double.NaN : 170 + machine + (hour / 4.0);
                builder.Add(machine.ToString(CultureInfo.InvariantCulture), Jan1 + (hour * UnixTime.MicrosecondsPerHour), [volt, hour % 3]);
            }
        }

        return builder.Build();
    }

    /// <summary>A clock that stands still until a test steps it on by an hour.</summary>
    public sealed class SteppingClock(DateTimeOffset start) : TimeProvider
    {
        private DateTimeOffset _now = start;

        public override DateTimeOffset GetUtcNow() => _now;

        public void Step() => _now = _now.AddHours(1);
    }
}
