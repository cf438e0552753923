using Apache.Arrow;
using Apache.Arrow.Types;
using DuckDB.NET.Data;

namespace PredictiveMaintenance.DeltaLake.Tests.Write;

/// <summary>
/// The footer statistics of the timestamp columns in the data files this package writes, as an engine that trusts them
/// (DuckDB) sees them. Parquet.Net 6.1 writes the bounds of <c>TIMESTAMP(MICROS)</c> columns in milliseconds
/// (aloneguid/parquet-dotnet#769), which makes DuckDB skip row groups that hold matching rows.
/// </summary>
public sealed class TimestampStatisticsTests : IDisposable
{
    // 2015-01-01T06:00:00.000123Z, a reading before 1970 (whose millisecond truncation rounds the wrong way), and the last one.
    private const long First = 1_420_092_000_000_123;
    private const long BeforeEpoch = -86_400_000_001;
    private const long Last = 1_451_628_000_999_999;

    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task DataFile_FilterAndTopNOnTimestampInDuckDb_SeeEveryMatchingRow()
    {
        string file = await WriteAsync(rowGroupSize: 2);
        using DuckDBConnection connection = Open();

        Assert.Equal(2L, Scalar(connection, $"SELECT count(*) FROM read_parquet('{file}') WHERE time >= TIMESTAMPTZ '2015-01-01 06:00:00+00'"));
        Assert.Equal(1L, Scalar(connection, $"SELECT count(*) FROM read_parquet('{file}') WHERE time < TIMESTAMPTZ '1969-12-31 00:00:00+00'"));
        Assert.Equal(Last, Scalar(connection, $"SELECT epoch_us(time) FROM read_parquet('{file}') ORDER BY time DESC LIMIT 1"));
        Assert.Equal(BeforeEpoch, Scalar(connection, $"SELECT epoch_us(time) FROM read_parquet('{file}') ORDER BY time LIMIT 1"));
    }

    [Fact]
    public async Task DataFile_FooterStatisticsOfTimestampColumns_AreTheExactMicrosecondBoundsOfEachRowGroup()
    {
        string file = await WriteAsync(rowGroupSize: 2);
        using DuckDBConnection connection = Open();
        using DuckDBCommand command = connection.CreateCommand();
        command.CommandText = $"SELECT row_group_id, path_in_schema, stats_min, stats_max FROM parquet_metadata('{file}') WHERE path_in_schema LIKE '%time%' OR path_in_schema LIKE '%element%' ORDER BY row_group_id, column_id";
        var statistics = new List<string>();
        using (DuckDBDataReader reader = command.ExecuteReader())
        {
            while (reader.Read())
            {
                statistics.Add($"{reader.GetInt64(0)} {reader.GetString(1)} {(reader.IsDBNull(2) ? "null" : reader.GetString(2))} {(reader.IsDBNull(3) ? "null" : reader.GetString(3))}");
            }
        }

        Assert.Equal(
            [
                "0 time 1969-12-30 23:59:59.999999+00 2015-01-01 06:00:00.000123+00",
                "0 times, list, element 1969-12-30 23:59:59.999999+00 2015-01-01 06:00:00.000123+00",
                "1 time 2016-01-01 06:00:00.999999+00 2016-01-01 06:00:00.999999+00",
                "1 times, list, element null null",
            ],
            statistics);
    }

    /// <summary>
    /// DuckDB shows only the footer; the data page headers carry statistics too. Parquet.Net encodes the bounds as the
    /// milliseconds of the instant, so none of those 8-byte values may be left anywhere in the file.
    /// </summary>
    [Fact]
    public async Task DataFile_FooterAndPageHeaders_HoldNoMillisecondBound()
    {
        byte[] file = await File.ReadAllBytesAsync(await WriteAsync(rowGroupSize: 2));
        long[] milliseconds = [.. new[] { First, BeforeEpoch, Last }.Select(m => (UnixTime.ToDateTime(m).Ticks / TimeSpan.TicksPerMillisecond) - (DateTime.UnixEpoch.Ticks / TimeSpan.TicksPerMillisecond))];

        Assert.Equal([1_420_092_000_000, -86_400_001, 1_451_628_000_999], milliseconds);
        Assert.All(milliseconds, ms => Assert.Equal(0, Occurrences(file, BitConverter.GetBytes(ms))));

        // The second row group holds Last alone: min, max, min_value and max_value in the footer and in the page header, and the value itself.
        Assert.Equal(9, Occurrences(file, BitConverter.GetBytes(Last)));
    }

    private static int Occurrences(byte[] file, byte[] pattern)
    {
        int count = 0;
        for (int i = file.AsSpan().IndexOf(pattern); i >= 0; i = file.AsSpan(i + 1).IndexOf(pattern) is int next and >= 0 ? i + 1 + next : -1)
        {
            count++;
        }

        return count;
    }

    /// <summary>Writes three rows (one before 1970) in row groups of <paramref name="rowGroupSize"/> and returns the data file.</summary>
    private async Task<string> WriteAsync(int rowGroupSize)
    {
        var schema = new DeltaStructType(
            new DeltaStructField("time", DeltaPrimitiveType.Timestamp, nullable: false),
            new DeltaStructField("times", new DeltaArrayType(DeltaPrimitiveType.Timestamp, containsNull: true)));
        DeltaTable table = await DeltaTable.CreateAsync(_dir.Combine("table"), schema, options: new DeltaTableOptions { RowGroupSize = rowGroupSize });
        var elementType = new TimestampType(TimeUnit.Microsecond, "UTC");
        var listType = new ListType(new Field("element", elementType, true));
        var offsets = new ArrowBuffer.Builder<int>().Append(0).Append(1).Append(2).Append(2).Build();
        var validity = new ArrowBuffer.BitmapBuilder().Append(true).Append(true).Append(false).Build();
        var times = new ListArray(listType, 3, offsets, TestData.Timestamps(First, BeforeEpoch), validity, nullCount: 1);
        await table.AppendAsync(new RecordBatch(
            new Apache.Arrow.Schema([new Field("time", elementType, false), new Field("times", listType, true)], null),
            [TestData.Timestamps(First, BeforeEpoch, Last), times],
            3));
        DeltaSnapshot snapshot = await table.GetSnapshotAsync();
        return Path.Combine(table.Path, Assert.Single(snapshot.Files).Path);
    }

    private static DuckDBConnection Open()
    {
        var connection = new DuckDBConnection("Data Source=:memory:");
        connection.Open();
        return connection;
    }

    private static object? Scalar(DuckDBConnection connection, string sql)
    {
        using DuckDBCommand command = connection.CreateCommand();
        command.CommandText = sql;
        return command.ExecuteScalar();
    }
}
