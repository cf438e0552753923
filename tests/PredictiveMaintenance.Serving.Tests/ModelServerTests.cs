using System.Collections.Concurrent;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using PredictiveMaintenance.Scoring.Tests;

namespace PredictiveMaintenance.Serving.Tests;

public class ModelServerTests
{
    [Fact]
    public async Task Endpoints_PingHealthVersionMetadata_DescribeTheServedVersion()
    {
        TelemetryTable telemetry = ScoringFixture.Telemetry(assets: 1, hours: 40);
        await using ServedFleet fleet = await ServedFleet.StartAsync(telemetry, maxRows: 500);

        Assert.Equal("\n", await fleet.Client.GetStringAsync(new Uri("/ping", UriKind.Relative)));
        JsonNode health = JsonNode.Parse(await fleet.Client.GetStringAsync(new Uri("/health", UriKind.Relative)))!;
        string version = await fleet.Client.GetStringAsync(new Uri("/version", UriKind.Relative));
        JsonNode metadata = JsonNode.Parse(await fleet.Client.GetStringAsync(new Uri("/metadata", UriKind.Relative)))!;

        Assert.Equal("{\"status\":\"healthy\",\"model\":\"pump-detector\",\"version\":1}", health.ToJsonString());
        Assert.Matches("^[0-9]+\\.[0-9]+\\.[0-9]+", version);
        Assert.Equal(
            "{\"name\":\"pump-detector\",\"version\":1,\"reference\":\"pump-detector@champion\",\"stage\":\"None\",\"aliases\":[\"champion\"],\"model_type\":\"isolation-forest\","
            + "\"input_schema\":{\"asset\":\"machineID\",\"time\":\"datetime\",\"time_kind\":\"utc_timestamp\",\"channels\":[\"volt\",\"vibration\"]},"
            + $"\"feature_spec\":\"{ServedFleet.Spec}\",\"features\":[\"volt_mean_24h\",\"volt_std_24h\",\"vibration_mean_24h\",\"vibration_max_6h\"],"
            + "\"limits\":{\"max_rows\":500,\"max_request_bytes\":1048576}}",
            metadata.ToJsonString());
    }

    [Fact]
    public async Task Reload_AliasMovedUnderLoad_ServesTheNewVersionWithoutAFailedRequest()
    {
        TelemetryTable telemetry = ScoringFixture.Telemetry(assets: 4, hours: 200);
        await using ServedFleet fleet = await ServedFleet.StartAsync(telemetry, versions: 2, reload: TimeSpan.FromMilliseconds(50));
        var statuses = new ConcurrentBag<int>();
        var versions = new ConcurrentDictionary<int, int>();
        using var moved = new CancellationTokenSource();

        // One client per asset posts that asset's readings one by one, in time order, until it is served by version 2.
        Task[] clients = [.. Enumerable.Range(0, telemetry.AssetIds.Count).Select(a => Task.Run(async () =>
        {
            (int start, int end) = (telemetry.AssetOffsets[a], telemetry.AssetOffsets[a + 1]);
            for (int row = start; row < end; row++)
            {
                (int status, JsonNode? body) = await fleet.PostAsync(ServedFleet.Body(telemetry, "dataframe_split", row, row + 1));
                statuses.Add(status);
                int version = status == 200 ? (int)body!["predictions"]![0]!["model_version"]! : 0;
                versions.AddOrUpdate(version, 1, (_, n) => n + 1);
                if (version == 2 && moved.IsCancellationRequested)
                {
                    return;
                }
            }
        }))];
        while (versions.GetValueOrDefault(1) < 40)
        {
            await Task.Delay(10);
        }

        await fleet.Fixture.Registry.SetAliasAsync(ScoringFixture.Model, "champion", 2);
        await moved.CancelAsync();
        await Task.WhenAll(clients);

        Assert.All(statuses, s => Assert.Equal(200, s));
        Assert.Equal([1, 2], versions.Keys.Order());
        Assert.Equal(2, fleet.Server.Version.Version);
    }

    [Fact]
    public async Task StopAsync_RequestInFlight_IsAnsweredBeforeTheServerStops()
    {
        TelemetryTable telemetry = ScoringFixture.Telemetry(assets: 1, hours: 40);
        await using ServedFleet fleet = await ServedFleet.StartAsync(telemetry);
        using var content = new HeldContent(Encoding.UTF8.GetBytes(ServedFleet.Body(telemetry, "dataframe_split")));
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");

        // The request's headers and half its body are sent; then the server is told to stop.
        Task<HttpResponseMessage> posting = fleet.Client.PostAsync(new Uri("/invocations", UriKind.Relative), content);
        await content.HalfSent.Task;
        await Task.Delay(200);
        Task stopping = fleet.Server.StopAsync();
        await Task.Delay(300);
        bool stoppedBeforeTheAnswer = stopping.IsCompleted;
        content.Release.SetResult();
        using HttpResponseMessage response = await posting;
        JsonNode answer = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        await stopping;

        Assert.False(stoppedBeforeTheAnswer);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(40, answer["predictions"]!.AsArray().Count);
        await Assert.ThrowsAsync<HttpRequestException>(() => fleet.Client.GetStringAsync(new Uri("/ping", UriKind.Relative)));
    }

    [Fact]
    public async Task StartAsync_AliasNamingNoVersion_IsRefusedNamingIt()
    {
        using var fixture = new ScoringFixture();
        await fixture.RegisterAsync(ServedFleet.Spec, ScoringFixture.Telemetry(assets: 1, hours: 30));

        var error = await Assert.ThrowsAsync<KeyNotFoundException>(() => ModelServer.StartAsync(
            fixture.Registry, new ModelServingOptions { Model = Scoring.ModelReference.Parse("pump-detector@champion") }, "http://127.0.0.1:0"));

        Assert.Equal("Model 'pump-detector' has no version with alias 'champion'.", error.Message);
    }
}
