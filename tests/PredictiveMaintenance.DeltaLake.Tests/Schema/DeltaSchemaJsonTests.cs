using System.Text.Json;

namespace PredictiveMaintenance.DeltaLake.Tests.Schema;

public class DeltaSchemaJsonTests
{
    [Fact]
    public void ParseAndToJson_NestedSchemaWithMetadata_RoundTrip()
    {
        const string json = """{"type":"struct","fields":[{"name":"a","type":"long","nullable":false,"metadata":{}},{"name":"b","type":{"type":"array","elementType":{"type":"map","keyType":"string","valueType":"decimal(10,2)","valueContainsNull":true},"containsNull":false},"nullable":true,"metadata":{"delta.columnMapping.id":3,"delta.columnMapping.physicalName":"col-1"}}]}""";

        DeltaStructType schema = DeltaStructType.Parse(json);

        Assert.Equal(json, schema.ToJson());
        Assert.Equal("struct<a:long,b:array<map<string,decimal(10,2)>>>", schema.ToString());
        Assert.Equal("col-1", schema.Fields[1].PhysicalName);
        Assert.Equal("a", schema.Fields[0].PhysicalName);
        Assert.Equal(3, schema.Fields[1].Metadata["delta.columnMapping.id"].GetInt32());
    }

    [Theory]
    [InlineData("""{"type":"struct","fields":[{"name":"a","type":"interval","nullable":true}]}""", "Unsupported Delta data type 'interval'; supported are the primitive types of PROTOCOL.md, decimal(p,s), array, map and struct.")]
    [InlineData("""{"type":"array","elementType":"long","containsNull":true}""", "A Delta schema must be a struct type; found '{\"type\":\"array\",\"elementType\":\"long\",\"containsNull\":true}'.")]
    [InlineData("""{"type":"struct","fields":[{"name":"a","nullable":true}]}""", "The Delta field 'a' type has no 'type'.")]
    [InlineData("""{"type":"struct","fields":[{"name":"a","type":"long"},{"name":"a","type":"long"}]}""", "Field 'a' appears more than once in the struct.")]
    public void Parse_InvalidSchema_FailsWithMessage(string json, string message)
    {
        SchemaException error = Assert.Throws<SchemaException>(() => DeltaStructType.Parse(json));

        Assert.Equal(message, error.Message);
    }

    [Fact]
    public void Parse_NotJson_FailsQuotingTheText()
    {
        SchemaException error = Assert.Throws<SchemaException>(() => DeltaStructType.Parse("{oops"));

        Assert.StartsWith("The Delta schema string is not valid JSON (", error.Message, StringComparison.Ordinal);
        Assert.EndsWith("): '{oops'.", error.Message, StringComparison.Ordinal);
        Assert.IsType<JsonException>(error.InnerException, exactMatch: false);
    }
}

public class DeltaStructTypeArrowTests
{
    [Fact]
    public void FromArrowSchema_ThenToArrowSchema_RoundTripsTypesAndNullability()
    {
        var arrow = new Apache.Arrow.Schema(
            [
                new Apache.Arrow.Field("id", Apache.Arrow.Types.Int64Type.Default, false),
                new Apache.Arrow.Field("at", new Apache.Arrow.Types.TimestampType(Apache.Arrow.Types.TimeUnit.Microsecond, "UTC"), true),
                new Apache.Arrow.Field("local", new Apache.Arrow.Types.TimestampType(Apache.Arrow.Types.TimeUnit.Microsecond, (string?)null), true),
                new Apache.Arrow.Field("tags", new Apache.Arrow.Types.ListType(Apache.Arrow.Types.StringType.Default), true),
                new Apache.Arrow.Field("amount", new Apache.Arrow.Types.Decimal128Type(10, 2), true),
            ],
            null);

        DeltaStructType schema = DeltaStructType.FromArrowSchema(arrow);

        Assert.Equal("struct<id:long,at:timestamp,local:timestamp_ntz,tags:array<string>,amount:decimal(10,2)>", schema.ToString());
        Assert.False(schema.Fields[0].Nullable);
        Assert.Equal(arrow.FieldsList.Select(f => $"{f.Name}:{f.DataType.Name}:{f.IsNullable}"), schema.ToArrowSchema().FieldsList.Select(f => $"{f.Name}:{f.DataType.Name}:{f.IsNullable}"));
    }

    [Fact]
    public void FromArrowSchema_TypeWithoutDeltaEquivalent_FailsNamingTheColumn()
    {
        var arrow = new Apache.Arrow.Schema([new Apache.Arrow.Field("reading", Apache.Arrow.Types.HalfFloatType.Default, true)], null);

        SchemaException error = Assert.Throws<SchemaException>(() => DeltaStructType.FromArrowSchema(arrow));

        Assert.Equal("Column 'reading' has Arrow type halffloat, which has no Delta equivalent; use int8/16/32/64, float, double, bool, utf8 (plain or dictionary-encoded), binary, date32, timestamp[us], decimal128, list, map or struct.", error.Message);
    }
}
