using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace PredictiveMaintenance.IO.Tests;

public class TelemetrySchemaMetadataTests
{
    [Property(MaxTest = 200)]
    public Property ToJson_AnySchema_ReadsBackEqual() =>
        Prop.ForAll(TelemetryTableGenerators.Tables().Select(t => t.Schema).ToArbitrary(), schema =>
            Assert.Equal(schema, TelemetrySchemaMetadata.FromJson(TelemetrySchemaMetadata.ToJson(schema), "test")));

    [Fact]
    public void ToJson_Schema_WritesTheDocumentedObject()
    {
        var schema = new TelemetrySchema("machine \"7\"", "time", TimeKind.UtcTimestamp, [new ChannelDefinition("température"), new ChannelDefinition("failed", ChannelRole.Label)]);

        string json = TelemetrySchemaMetadata.ToJson(schema);

        Assert.Equal(
            """{"version":1,"assetColumn":"machine \u00227\u0022","timeColumn":"time","timeKind":"UtcTimestamp","channels":[{"name":"temp\u00E9rature","role":"Sensor"},{"name":"failed","role":"Label"}]}""",
            json);
    }

    [Theory]
    [InlineData("""{"version":2,"assetColumn":"a","timeColumn":"t","timeKind":"Cycle","channels":[]}""", "it has version 2, and this library reads version 1")]
    [InlineData("""{"version":1,"assetColumn":"a","timeColumn":"t","timeKind":"Hours","channels":[]}""", "property 'timeKind' is 'Hours', expected one of UtcTimestamp, Cycle")]
    [InlineData("""{"version":1,"assetColumn":"a","timeColumn":"t","timeKind":"Cycle","channels":[{"name":"x","role":"1"}]}""", "property 'role' is '1', expected one of Sensor, Setting, Label")]
    [InlineData("""{"version":1,"timeColumn":"t","timeKind":"Cycle","channels":[]}""", "property 'assetColumn' is missing")]
    [InlineData("""{"version":1,"assetColumn":"a","timeColumn":"a","timeKind":"Cycle","channels":[]}""", "Column 'a' appears more than once in the telemetry schema")]
    [InlineData("""{"version":1,"assetColumn":7,"channels":[]}""", "property 'assetColumn' is Number, expected String")]
    public void FromJson_InvalidSchema_ThrowsNamingSourceAndProblem(string json, string problem)
    {
        var error = Assert.Throws<SchemaException>(() => TelemetrySchemaMetadata.FromJson(json, "data.parquet"));

        Assert.Equal($"data.parquet: the 'predictive-maintenance.telemetry-schema' metadata is not a telemetry schema: {problem}.", error.Message);
    }

    [Fact]
    public void FromJson_NotJson_ThrowsNamingSource()
    {
        var error = Assert.Throws<SchemaException>(() => TelemetrySchemaMetadata.FromJson("{version: 1", "data.arrow"));

        Assert.StartsWith("data.arrow: the 'predictive-maintenance.telemetry-schema' metadata is not a telemetry schema: it is not valid JSON (", error.Message);
    }
}
