namespace PredictiveMaintenance.DeltaLake.Tests.Scan;

public class DeltaValuesTests
{
    public static TheoryData<string, string, object?> PartitionValues() => new()
    {
        { "integer", "-42", -42L },
        { "double", "0.0", 0.0 },
        { "boolean", "true", true },
        { "date", "2021-09-08", 18878L },
        { "timestamp", "2020-01-01 08:09:10.001", 1577866150001000L },
        { "timestamp", "1969-01-01 00:00:00", -31536000000000L },
        { "timestamp", "2021-11-18T02:30:00.123456Z", 1637202600123456L },
        { "timestamp_ntz", "2021-11-18 02:30:00.123456", 1637202600123456L },
        { "string", "null", "null" },
        { "string", string.Empty, null },
        { "long", string.Empty, null },
    };

    [Theory]
    [MemberData(nameof(PartitionValues))]
    public void ParsePartitionValue_ProtocolForms_ReturnComparableValue(string type, string text, object? expected)
    {
        DeltaType deltaType = DeltaStructType.Parse($$"""{"type":"struct","fields":[{"name":"c","type":"{{type}}"}]}""").Fields[0].Type;

        Assert.Equal(expected, DeltaValues.ParsePartitionValue(text, deltaType, "c"));
    }

    [Fact]
    public void ParsePartitionValue_DecimalWithScale_KeepsTheScale()
    {
        Assert.Equal("234.00000", ((decimal)DeltaValues.ParsePartitionValue("234.00000", new DeltaDecimalType(12, 5), "part")!).ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public void ParsePartitionValue_NotANumber_FailsNamingColumnTypeAndValue()
    {
        SchemaException error = Assert.Throws<SchemaException>(() => DeltaValues.ParsePartitionValue("abc", DeltaPrimitiveType.Integer, "year"));

        Assert.Equal("Partition column 'year' of type integer has the value 'abc', which is not a valid integer.", error.Message);
    }

    [Theory]
    [InlineData(18878L, "date", "2021-09-08")]
    [InlineData(1577866150001000L, "timestamp", "2020-01-01T08:09:10.001000Z")]
    [InlineData(-3L, "long", "-3")]
    public void FormatPartitionValue_ThenParse_RoundTrips(long value, string type, string text)
    {
        DeltaType deltaType = DeltaStructType.Parse($$"""{"type":"struct","fields":[{"name":"c","type":"{{type}}"}]}""").Fields[0].Type;

        Assert.Equal(text, DeltaValues.FormatPartitionValue(value, deltaType));
        Assert.Equal(value, DeltaValues.ParsePartitionValue(text, deltaType, "c"));
    }

    [Fact]
    public void Coerce_LiteralOfAnotherType_FailsNamingColumnAndTypes()
    {
        SchemaException error = Assert.Throws<SchemaException>(() => DeltaValues.Coerce(true, DeltaPrimitiveType.Long, "id"));

        Assert.Equal("Column 'id' has type long; the literal True of type Boolean cannot be compared with it.", error.Message);
    }
}
