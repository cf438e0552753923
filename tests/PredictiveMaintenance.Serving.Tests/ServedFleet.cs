using System.Text;
using System.Text.Json.Nodes;
using PredictiveMaintenance.Scoring.Tests;

namespace PredictiveMaintenance.Serving.Tests;

/// <summary>A registered detector, a running server over it on a loopback port, and the request bodies of the fixture's readings in each form.</summary>
internal sealed class ServedFleet : IAsyncDisposable
{
    public const string Spec = "volt: mean(24h), std(24h); vibration: mean(24h), max(6h)";

    private static readonly string[] Columns = ["machineID", "datetime", "volt", "rotate", "pressure", "vibration"];

    private ServedFleet(ScoringFixture fixture, ModelServer server)
    {
        Fixture = fixture;
        Server = server;
        Client = new HttpClient { BaseAddress = server.Address };
    }

    public ScoringFixture Fixture { get; }

    public ModelServer Server { get; }

    public HttpClient Client { get; }

    /// <summary>Registers <paramref name="versions"/> detectors trained on <paramref name="telemetry"/>, points <c>champion</c> at version 1 and serves <c>pump-detector@champion</c>.</summary>
    public static async Task<ServedFleet> StartAsync(TelemetryTable telemetry, int versions = 1, int maxRows = 10_000, long maxRequestBytes = 1 << 20, TimeSpan? reload = null)
    {
        var fixture = new ScoringFixture();
        for (int v = 1; v <= versions; v++)
        {
            await fixture.RegisterAsync(Spec, telemetry, seed: v);
        }

        await fixture.Registry.SetAliasAsync(ScoringFixture.Model, "champion", 1);
        ModelServer server = await ModelServer.StartAsync(fixture.Registry, new ModelServingOptions
        {
            Model = Scoring.ModelReference.Parse($"{ScoringFixture.Model}@champion"),
            MaxRows = maxRows,
            MaxRequestBytes = maxRequestBytes,
            ReloadInterval = reload ?? TimeSpan.FromMinutes(5),
            Scorer = fixture.Options,
        }, "http://127.0.0.1:0");
        return new ServedFleet(fixture, server);
    }

    /// <summary>Posts a body and returns the status and the parsed JSON answer.</summary>
    public async Task<(int Status, JsonNode? Body)> PostAsync(string body, string contentType = "application/json")
    {
        using var content = new StringContent(body, Encoding.UTF8);
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue(contentType);
        using HttpResponseMessage response = await Client.PostAsync(new Uri("/invocations", UriKind.Relative), content);
        string text = await response.Content.ReadAsStringAsync();
        return ((int)response.StatusCode, text.Length == 0 ? null : JsonNode.Parse(text));
    }

    /// <summary>The readings of rows [from, to) of <paramref name="telemetry"/> in one of MLflow's forms.</summary>
    public static string Body(TelemetryTable telemetry, string form, int from = 0, int? to = null)
    {
        int end = to ?? telemetry.RowCount;
        var rows = Enumerable.Range(from, end - from).Select(r => Row(telemetry, r)).ToList();
        switch (form)
        {
            case "dataframe_split":
                return new JsonObject { ["dataframe_split"] = new JsonObject { ["columns"] = new JsonArray([.. Columns.Select(c => JsonValue.Create(c))]), ["data"] = new JsonArray([.. rows.Select(r => new JsonArray([.. r]))]) } }.ToJsonString();
            case "dataframe_records" or "instances" or "inputs":
                return new JsonObject { [form] = new JsonArray([.. rows.Select(Record)]) }.ToJsonString();
            case "csv":
                var csv = new StringBuilder(string.Join(",", Columns)).Append("\r\n");
                foreach (JsonNode?[] row in rows)
                {
                    csv.AppendJoin(",", row.Select(v => v is null ? "" : v.GetValueKind() == System.Text.Json.JsonValueKind.String ? v.GetValue<string>() : v.ToJsonString())).Append("\r\n");
                }

                return csv.ToString();
            default:
                throw new ArgumentOutOfRangeException(nameof(form), form, "Unknown form.");
        }
    }

    public static JsonNode?[] Row(TelemetryTable telemetry, int row)
    {
        var values = new JsonNode?[Columns.Length];
        values[0] = telemetry.AssetIds[telemetry.GetAssetCodeOfRow(row)];
        values[1] = UnixTime.Format(telemetry.Times[row]);
        for (int c = 0; c < 4; c++)
        {
            double value = telemetry.GetChannel(c)[row];
            values[c + 2] = double.IsNaN(value) ? null : JsonValue.Create(value);
        }

        return values;
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await Server.DisposeAsync();
        Fixture.Dispose();
    }

    private static JsonObject Record(JsonNode?[] row)
    {
        var record = new JsonObject();
        for (int c = 0; c < Columns.Length; c++)
        {
            record[Columns[c]] = row[c]?.DeepClone();
        }

        return record;
    }
}
