using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using PredictiveMaintenance.Tracking;

namespace PredictiveMaintenance.Serving;

/// <summary>
/// A ready-made scoring server: Kestrel with <see cref="ScoringEndpoints"/> on one address, for <c>pdm serve</c> and
/// for applications that do not host the endpoints themselves. Stopping it lets requests in flight finish.
/// </summary>
public sealed class ModelServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private ModelServer(WebApplication app, Uri address)
    {
        _app = app;
        Address = address;
    }

    /// <summary>Where the server listens, with the port it was given when asked for port 0.</summary>
    public Uri Address { get; }

    /// <summary>The version served now (it changes when the alias or stage moves).</summary>
    public ModelVersion Version => _app.Services.GetRequiredService<ModelServingHost>().Current.Scorer.Version;

    /// <summary>Loads the model and starts listening.</summary>
    /// <param name="registry">The registry the model is loaded from.</param>
    /// <param name="options">The model and the limits.</param>
    /// <param name="url">The address to listen on, such as <c>http://127.0.0.1:5000</c>; port 0 takes a free one.</param>
    /// <param name="logging">Where the server logs (model loads and moves, failed reloads); default nowhere.</param>
    /// <param name="cancellationToken">Cancels the start.</param>
    /// <exception cref="ModelNotFoundException">The model is not registered, or has no such version.</exception>
    /// <exception cref="KeyNotFoundException">No version is in the stage or carries the alias.</exception>
    /// <exception cref="NotSupportedException">The version cannot be scored reading by reading (not an anomaly detector, or it reads tumbling features).</exception>
    public static async Task<ModelServer> StartAsync(ModelRegistry registry, ModelServingOptions options, string url, Action<ILoggingBuilder>? logging = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(url);
        WebApplicationBuilder builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        logging?.Invoke(builder.Logging);
        builder.WebHost.UseUrls(url);
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Limits.MaxRequestBodySize = options.MaxRequestBytes);
        builder.Services.AddModelScoring(registry, options);
        WebApplication app = builder.Build();
        app.MapModelScoring();
        try
        {
            await app.StartAsync(cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            await app.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        string bound = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new ModelServer(app, new Uri(bound));
    }

    /// <summary>Stops listening once the requests in flight have finished (or <paramref name="cancellationToken"/> cuts the wait short).</summary>
    /// <param name="cancellationToken">Ends the graceful wait.</param>
    public Task StopAsync(CancellationToken cancellationToken = default) => _app.StopAsync(cancellationToken);

    /// <summary>Waits until the server stops (Ctrl+C or SIGTERM stop it gracefully).</summary>
    /// <param name="cancellationToken">Ends the wait.</param>
    public Task WaitForShutdownAsync(CancellationToken cancellationToken = default) => _app.WaitForShutdownAsync(cancellationToken);

    /// <summary>Stops the server (letting requests in flight finish) and releases the model.</summary>
    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
    }
}
