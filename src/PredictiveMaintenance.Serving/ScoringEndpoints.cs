using System.Reflection;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Net.Http.Headers;
using PredictiveMaintenance.Scoring;
using PredictiveMaintenance.Tracking;

namespace PredictiveMaintenance.Serving;

/// <summary>
/// MLflow's scoring protocol as ASP.NET Core minimal-API endpoints: <c>POST /invocations</c>, <c>GET /ping</c>,
/// <c>/health</c>, <c>/version</c> and <c>/metadata</c>. Register the service with <see cref="AddModelScoring"/> and map
/// the endpoints with <see cref="MapModelScoring"/> in an application's own host, or run <see cref="ModelServer"/>.
/// </summary>
public static class ScoringEndpoints
{
    private static readonly string PackageVersion =
        typeof(ScoringEndpoints).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "0.0.0";

    /// <summary>Adds the scoring service: it loads the model when the host starts and follows its alias or stage.</summary>
    /// <param name="services">The application's services.</param>
    /// <param name="registry">The registry the model is loaded from.</param>
    /// <param name="options">The model and the limits.</param>
    /// <returns><paramref name="services"/>.</returns>
    /// <exception cref="ArgumentOutOfRangeException">A limit or the reload interval is not positive.</exception>
    public static IServiceCollection AddModelScoring(this IServiceCollection services, ModelRegistry registry, ModelServingOptions options)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(registry);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        services.AddSingleton(registry);
        services.AddSingleton(options);
        services.AddSingleton<ModelServingHost>();
        services.AddHostedService(provider => provider.GetRequiredService<ModelServingHost>());
        return services;
    }

    /// <summary>Maps <c>/invocations</c>, <c>/ping</c>, <c>/health</c>, <c>/version</c> and <c>/metadata</c>.</summary>
    /// <param name="endpoints">The application's routes.</param>
    /// <returns><paramref name="endpoints"/>.</returns>
    public static IEndpointRouteBuilder MapModelScoring(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        endpoints.MapGet("/ping", () => Results.Text("\n", "text/plain"));
        endpoints.MapGet("/health", (ModelServingHost host) =>
        {
            ModelVersion version = host.Current.Scorer.Version;
            return Results.Json(new Dictionary<string, object> { ["status"] = "healthy", ["model"] = version.Name, ["version"] = version.Version });
        });
        endpoints.MapGet("/version", () => Results.Text(PackageVersion, "text/plain"));
        endpoints.MapGet("/metadata", (ModelServingHost host) => Results.Json(Metadata(host)));
        endpoints.MapPost("/invocations", InvokeAsync);
        return endpoints;
    }

    private static Dictionary<string, object?> Metadata(ModelServingHost host)
    {
        ServedModel served = host.Current;
        ModelVersion version = served.Scorer.Version;
        ServedInputs inputs = served.Inputs;
        return new Dictionary<string, object?>
        {
            ["name"] = version.Name,
            ["version"] = version.Version,
            ["reference"] = host.Options.Model.ToString(),
            ["stage"] = version.Stage.ToString(),
            ["aliases"] = version.Aliases,
            ["model_type"] = served.Scorer.Model.ModelType,
            ["input_schema"] = new Dictionary<string, object>
            {
                ["asset"] = inputs.AssetColumn,
                ["time"] = inputs.TimeColumn,
                ["time_kind"] = inputs.TimeKind == TimeKind.UtcTimestamp ? "utc_timestamp" : "cycle",
                ["channels"] = inputs.Channels,
            },
            ["feature_spec"] = version.FeatureSpecification,
            ["features"] = served.Scorer.Model.Inputs,
            ["limits"] = new Dictionary<string, long> { ["max_rows"] = host.Options.MaxRows, ["max_request_bytes"] = host.Options.MaxRequestBytes },
        };
    }

    private static async Task InvokeAsync(HttpContext context, ModelServingHost host)
    {
        try
        {
            ServedModel served = host.Current;
            bool csv = RequestForm(context.Request.ContentType);
            byte[] body = await ReadBodyAsync(context, host.Options.MaxRequestBytes).ConfigureAwait(false);
            var reader = new InvocationReader(served.Inputs, host.Options.MaxRows);
            List<Reading> readings = csv ? reader.ReadCsv(body) : reader.ReadJson(body);
            var predictions = new OnlinePrediction[readings.Count];
            for (int i = 0; i < readings.Count; i++)
            {
                Reading reading = readings[i];
                try
                {
                    predictions[i] = served.Scorer.ScoreReading(reading.Asset, reading.Time, reading.Values);
                }
                catch (ScoringInputException e)
                {
                    string before = i == 0 ? "" : $" The {i} reading(s) before it were scored and are part of their assets' online state.";
                    throw InvocationException.BadRequest($"Reading {i} (asset '{reading.Asset}'): {e.Message}{before}");
                }
            }

            context.Response.ContentType = "application/json";
            await WritePredictionsAsync(context.Response, predictions, served.Inputs.TimeKind).ConfigureAwait(false);
        }
        catch (InvocationException e)
        {
            await WriteErrorAsync(context.Response, e.Status, e.Message).ConfigureAwait(false);
        }
        catch (BadHttpRequestException e)
        {
            await WriteErrorAsync(context.Response, e.StatusCode, e.StatusCode == StatusCodes.Status413PayloadTooLarge
                ? $"The request body is larger than this service's limit of {host.Options.MaxRequestBytes:N0} bytes."
                : e.Message).ConfigureAwait(false);
        }
    }

    /// <summary>Whether the body is CSV (else JSON); any other media type is refused with 415.</summary>
    private static bool RequestForm(string? contentType)
    {
        string? media = contentType is not null && MediaTypeHeaderValue.TryParse(contentType, out MediaTypeHeaderValue? parsed) ? parsed.MediaType.Value : null;
        return media?.ToLowerInvariant() switch
        {
            "application/json" => false,
            "text/csv" => true,
            _ => throw new InvocationException(StatusCodes.Status415UnsupportedMediaType, $"Content-Type '{contentType ?? "(none)"}' is not served; send application/json (dataframe_split, dataframe_records, instances or inputs) or text/csv."),
        };
    }

    private static async Task<byte[]> ReadBodyAsync(HttpContext context, long limit)
    {
        if (context.Request.ContentLength > limit)
        {
            throw new InvocationException(StatusCodes.Status413PayloadTooLarge, FormattableString.Invariant($"The request body of {context.Request.ContentLength:N0} bytes is larger than this service's limit of {limit:N0} bytes."));
        }

        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } size)
        {
            size.MaxRequestBodySize = limit;
        }

        // Bounded here too, for hosts whose limit is read-only or larger: a chunked body has no length to check first.
        using var buffer = new MemoryStream();
        byte[] chunk = new byte[16 * 1024];
        int read;
        while ((read = await context.Request.Body.ReadAsync(chunk, context.RequestAborted).ConfigureAwait(false)) > 0)
        {
            if (buffer.Length + read > limit)
            {
                throw new InvocationException(StatusCodes.Status413PayloadTooLarge, FormattableString.Invariant($"The request body is larger than this service's limit of {limit:N0} bytes."));
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }

    private static async Task WritePredictionsAsync(HttpResponse response, OnlinePrediction[] predictions, TimeKind timeKind)
    {
        var json = new Utf8JsonWriter(response.BodyWriter);
        await using (json.ConfigureAwait(false))
        {
            json.WriteStartObject();
            json.WriteStartArray("predictions");
            foreach (OnlinePrediction prediction in predictions)
            {
                json.WriteStartObject();
                json.WriteString(PredictionColumns.Asset, prediction.AssetId);
                if (timeKind == TimeKind.UtcTimestamp)
                {
                    json.WriteString(PredictionColumns.Time, UnixTime.Format(prediction.Time));
                }
                else
                {
                    json.WriteNumber(PredictionColumns.Time, prediction.Time);
                }

                if (prediction.IsScored)
                {
                    json.WriteNumber(PredictionColumns.Score, prediction.Score);
                }
                else
                {
                    json.WriteNull(PredictionColumns.Score);
                }

                json.WriteBoolean(PredictionColumns.Alarm, prediction.Alarm);
                json.WriteNumber(PredictionColumns.ModelVersion, prediction.ModelVersion);
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteEndObject();
            await json.FlushAsync().ConfigureAwait(false);
        }
    }

    private static async Task WriteErrorAsync(HttpResponse response, int status, string message)
    {
        response.StatusCode = status;
        string code = status switch
        {
            StatusCodes.Status413PayloadTooLarge => "REQUEST_LIMIT_EXCEEDED",
            _ => "BAD_REQUEST",
        };
        await response.WriteAsJsonAsync(new Dictionary<string, string> { ["error_code"] = code, ["message"] = message }).ConfigureAwait(false);
    }
}
