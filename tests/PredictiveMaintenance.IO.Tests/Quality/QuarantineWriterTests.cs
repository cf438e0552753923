using System.Text;

namespace PredictiveMaintenance.IO.Tests.Quality;

public class QuarantineWriterTests
{
    [Fact]
    public async Task WriteCsvAsync_RowsWithDelimitersQuotesAndBreaks_RoundTripThroughTheReader()
    {
        QuarantinedRow[] rows =
        [
            new(new SourcePosition("a.csv", 3, 4, "rotate"), QuarantineReason.NonFiniteValue, "NaN is not a finite number", "2015-01-01 06:00:00,1,1,NaN"),
            new(new SourcePosition("b, \"c\".csv", 7), QuarantineReason.WrongFieldCount, "expected 6 fields, found 2", "x,\"y\nz\""),
            new(new SourcePosition("a.csv", 9, 1, "datetime"), QuarantineReason.Duplicate, "asset '1' at 2015-01-01T06:00:00Z was already read at line 2"),
        ];
        using var stream = new MemoryStream();

        await QuarantineWriter.WriteCsvAsync(rows, stream);

        string text = Encoding.UTF8.GetString(stream.ToArray());
        Assert.Equal(
            "source,line,column,column_name,reason,detail,raw_text\n" +
            "a.csv,3,4,rotate,NonFiniteValue,NaN is not a finite number,\"2015-01-01 06:00:00,1,1,NaN\"\n" +
            "\"b, \"\"c\"\".csv\",7,0,,WrongFieldCount,\"expected 6 fields, found 2\",\"x,\"\"y\nz\"\"\"\n" +
            "a.csv,9,1,datetime,Duplicate,asset '1' at 2015-01-01T06:00:00Z was already read at line 2,\n",
            text);

        var options = new EventLogOptions { AssetColumn = "source", TimeColumn = "line", DetailColumn = "raw_text", TimestampFormat = TimestampFormat.UnixSeconds };
        stream.Position = 0;
        EventLog<ErrorEvent> readBack = await EventLogReader.ReadErrorsAsync(stream, "quarantine.csv", options);
        Assert.Equal(["2015-01-01 06:00:00,1,1,NaN", "x,\"y\nz\""], readBack.Records.Select(r => r.ErrorCode));
        Assert.Equal("b, \"c\".csv", readBack.Records[1].AssetId);
        Assert.Equal(QuarantineReason.UnparsableValue, Assert.Single(readBack.Quarantine).Reason);
    }
}
