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
