using System.Text.Json.Nodes;
using PredictiveMaintenance.Scoring;
using PredictiveMaintenance.Scoring.Tests;

namespace PredictiveMaintenance.Serving.Tests;

public class InvocationsTests
{
    [Theory]
    [InlineData("dataframe_split")]
    [InlineData("dataframe_records")]
    [InlineData("instances")]
    [InlineData("inputs")]
    [InlineData("csv")]
    public async Task Invocations_EveryPayloadForm_EqualsBatchScoringOfTheSameReadings(string form)
    {
        TelemetryTable telemetry = ScoringFixture.Telemetry(assets: 2, hours: 60);
        await using ServedFleet fleet = await ServedFleet.StartAsync(telemetry);
        using ModelScorer batch = await ModelScorer.LoadAsync(fleet.Fixture.Registry, ModelReference.ForVersion(ScoringFixture.Model, 1), fleet.Fixture.Options);
        double[] expected = batch.Score(telemetry).Values.ToArray();

        // Two requests, the second continuing each asset's online state from the first.
        var predictions = new List<JsonNode>();
        foreach ((int from, int to) in new[] { (0, 70), (70, telemetry.RowCount) })
        {
            (int status, JsonNode? body) = await fleet.PostAsync(ServedFleet.Body(telemetry, form, from, to), form == "csv" ? "text/csv" : "application/json");
            Assert.Equal(200, status);
            predictions.AddRange(body!["predictions"]!.AsArray()!.Select(p => p!));
        }

        Assert.Equal(telemetry.RowCount, predictions.Count);
        for (int row = 0; row < telemetry.RowCount; row++)
        {
            JsonNode p = predictions[row];
            Assert.Equal(telemetry.AssetIds[telemetry.GetAssetCodeOfRow(row)], (string)p["asset"]!);
            Assert.Equal(UnixTime.Format(telemetry.Times[row]), (string)p["time"]!);
            Assert.Equal(expected[row], p["score"] is { } score ? (double)score : double.NaN);
            Assert.Equal(1, (int)p["model_version"]!);
        }

        Assert.Contains(predictions, p => p["score"] is null);
        Assert.Contains(predictions, p => p["score"] is not null);
    }

    public static TheoryData<string, string, int, string> BadRequests() => new()
    {
        { "{\"dataframe_split\": {\"columns\": [\"machineID\"", "application/json", 400, "The body is not valid JSON: " },
        { "[1, 2]", "application/json", 400, "The body must be a JSON object with one of dataframe_split, dataframe_records, instances, inputs; it is an array." },
        { "{\"records\": []}", "application/json", 400, "The body must hold exactly one of dataframe_split, dataframe_records, instances, inputs; it holds 'records'." },
        { Record("\"machine001\"", "\"2026-11-01T01:00:00Z\"", "170.5", ", \"humidity\": 3"), "application/json", 400, "dataframe_records[0]: unknown column 'humidity'; the model reads 'machineID', 'datetime', 'volt', 'vibration'." },
        { Record("\"machine001\"", "\"2026-11-01T01:00:00Z\"", "\"high\""), "application/json", 400, "dataframe_records[0].volt: expected a number or null; it is a string." },
        { Record("\"machine001\"", "1730422800", "170.5"), "application/json", 400, "dataframe_records[0].datetime: the time must be an ISO 8601 string such as 2015-01-01T06:00:00Z; it is a number." },
        { Record("\"machine001\"", "\"yesterday\"", "170.5"), "application/json", 400, "dataframe_records[0].datetime: 'yesterday' is not an ISO 8601 time such as 2015-01-01T06:00:00Z." },
        { Record("null", "\"2026-11-01T01:00:00Z\"", "170.5"), "application/json", 400, "dataframe_records[0].machineID: the asset must be a non-empty string or a number; it is null." },
        { "{\"dataframe_records\": [{\"machineID\": \"m\", \"datetime\": \"2026-11-01T01:00:00Z\", \"volt\": 1}]}", "application/json", 400, "dataframe_records[0]: column 'vibration' is missing; the model reads 'machineID', 'datetime', 'volt', 'vibration'." },
        { "{\"dataframe_split\": {\"columns\": [\"machineID\", \"datetime\", \"volt\", \"vibration\"], \"data\": [[\"m\", \"2026-11-01T01:00:00Z\", 1]]}}", "application/json", 400, "dataframe_split.data[0] must be an array of 4 values, one per column; it is an array." },
        { "{\"dataframe_records\": []}", "application/json", 400, "The request carries no readings." },
        { "machineID,datetime,volt,vibration\r\nm,2026-11-01T01:00:00Z,abc,1\r\n", "text/csv", 400, "CSV line 2, column 'volt': 'abc' is not a number." },
        { "machineID,datetime,volt\r\n", "text/csv", 400, "CSV line 1: column 'vibration' is missing; the model reads 'machineID', 'datetime', 'volt', 'vibration'." },
        { "machineID,datetime,volt,vibration\r\nm,2026-11-01T01:00:00Z,1\r\n", "text/csv", 400, "CSV line 2 has 3 fields; the header has 4." },
        { "<readings/>", "application/xml", 415, "Content-Type 'application/xml' is not served; send application/json (dataframe_split, dataframe_records, instances or inputs) or text/csv." },
    };

    [Theory]
    [MemberData(nameof(BadRequests))]
    public async Task Invocations_BadRequest_AnswersItsStatusNamingTheFieldAndKeepsServing(string body, string contentType, int status, string message)
    {
        TelemetryTable telemetry = ScoringFixture.Telemetry(assets: 1, hours: 40);
        await using ServedFleet fleet = await ServedFleet.StartAsync(telemetry);

        (int got, JsonNode? answer) = await fleet.PostAsync(body, contentType);

        Assert.Equal(status, got);
        Assert.Equal(status == 413 ? "REQUEST_LIMIT_EXCEEDED" : "BAD_REQUEST", (string)answer!["error_code"]!);
        Assert.StartsWith(message, (string)answer["message"]!, StringComparison.Ordinal);
        Assert.Equal(200, (await fleet.PostAsync(ServedFleet.Body(telemetry, "dataframe_split", 0, 1))).Status);
    }

    [Fact]
    public async Task Invocations_OverTheLimits_AreRefusedWith413()
    {
        TelemetryTable telemetry = ScoringFixture.Telemetry(assets: 1, hours: 40);
        await using ServedFleet fleet = await ServedFleet.StartAsync(telemetry, maxRows: 5, maxRequestBytes: 4_096);

        (int rows, JsonNode? tooMany) = await fleet.PostAsync(ServedFleet.Body(telemetry, "dataframe_split", 0, 6));
        (int bytes, JsonNode? tooLarge) = await fleet.PostAsync(ServedFleet.Body(telemetry, "dataframe_records", 0, 40));

        Assert.Equal((413, "The request carries 6 readings; this service takes at most 5 per request."), (rows, (string)tooMany!["message"]!));
        Assert.Equal(413, bytes);
        Assert.Matches("^The request body (of [0-9,]+ bytes )?is larger than this service's limit of 4,096 bytes\\.$", (string)tooLarge!["message"]!);
        Assert.Equal(200, (await fleet.PostAsync(ServedFleet.Body(telemetry, "dataframe_split", 0, 5))).Status);
    }

    [Fact]
    public async Task Invocations_ReadingNotLaterThanTheAssetsLast_IsRefusedNamingItAndWhatWasScored()
    {
        TelemetryTable telemetry = ScoringFixture.Telemetry(assets: 2, hours: 40);
        await using ServedFleet fleet = await ServedFleet.StartAsync(telemetry);
        Assert.Equal(200, (await fleet.PostAsync(ServedFleet.Body(telemetry, "dataframe_split", 0, 3))).Status);

        // Machine 2's first reading is new; machine 1's third reading was scored already.
        string body = "{\"dataframe_split\": {\"columns\": [\"machineID\", \"datetime\", \"volt\", \"rotate\", \"pressure\", \"vibration\"], \"data\": ["
            + $"{new JsonArray(ServedFleet.Row(telemetry, 40))}, {new JsonArray(ServedFleet.Row(telemetry, 2))}]}}}}";
        (int status, JsonNode? answer) = await fleet.PostAsync(body);

        Assert.Equal(400, status);
        Assert.StartsWith("Reading 1 (asset 'machine001'): ", (string)answer!["message"]!, StringComparison.Ordinal);
        Assert.EndsWith(" The 1 reading(s) before it were scored and are part of their assets' online state.", (string)answer["message"]!, StringComparison.Ordinal);
    }

    private static string Record(string asset, string time, string volt, string extra = "") =>
        $"{{\"dataframe_records\": [{{\"machineID\": {asset}, \"datetime\": {time}, \"volt\": {volt}, \"vibration\": 40{extra}}}]}}";
}
