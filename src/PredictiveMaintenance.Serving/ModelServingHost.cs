using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using PredictiveMaintenance.Scoring;
using PredictiveMaintenance.Tracking;

namespace PredictiveMaintenance.Serving;

/// <summary>
/// Loads the served version when the host starts and, every <see cref="ModelServingOptions.ReloadInterval"/>, asks the
/// registry whether the alias or stage moved; a newly named version is loaded and checked beside the running one and
/// then swapped in, so requests in flight finish with the version they started with and none is refused.
/// </summary>
internal sealed partial class ModelServingHost(ModelRegistry registry, ModelServingOptions options, ILogger<ModelServingHost> logger) : BackgroundService
{
    /// <summary>How long a replaced version stays loaded for requests that started with it.</summary>
    private static readonly TimeSpan Retire = TimeSpan.FromSeconds(60);

    private readonly string _reference = options.Model.ToString();
    private ServedModel? _current;

    public ModelServingOptions Options => options;

    public ServedModel Current => Volatile.Read(ref _current) ?? throw new InvalidOperationException("The scoring service has not loaded its model yet: the host has not started.");

    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        ServedModel loaded = await LoadAsync(options.Model, cancellationToken).ConfigureAwait(false);
        int version = loaded.Scorer.Version.Version;
        _current = loaded;
        LogLoaded(logger, _reference, version);
        await base.StartAsync(cancellationToken).ConfigureAwait(false);
    }

    public override void Dispose()
    {
        base.Dispose();
        _current?.Scorer.Dispose();
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Model.Moves)
        {
            return;
        }

        using var timer = new PeriodicTimer(options.ReloadInterval);
        while (await NextTickAsync(timer, stoppingToken).ConfigureAwait(false))
        {
            try
            {
                await ReloadAsync(stoppingToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // The running version keeps serving; the next tick tries again.
                int version = Current.Scorer.Version.Version;
                LogReloadFailed(logger, e, _reference, version);
            }
        }
    }

    /// <summary>Waits for the timer; false once the host stops.</summary>
    private static async Task<bool> NextTickAsync(PeriodicTimer timer, CancellationToken stoppingToken)
    {
        try
        {
            return await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            return false;
        }
    }

    private async Task ReloadAsync(CancellationToken cancellationToken)
    {
        ServedModel running = Current;
        int from = running.Scorer.Version.Version;
        if (await options.Model.ResolveAsync(registry, cancellationToken).ConfigureAwait(false) is not { } named || named.Version == from)
        {
            return;
        }

        int to = named.Version;
        ServedModel next = await LoadAsync(ModelReference.ForVersion(named.Name, to), cancellationToken).ConfigureAwait(false);
        Volatile.Write(ref _current, next);
        LogMoved(logger, _reference, from, to);
        _ = Task.Delay(Retire, CancellationToken.None).ContinueWith(_ => running.Scorer.Dispose(), TaskScheduler.Default);
    }

    private async Task<ServedModel> LoadAsync(ModelReference reference, CancellationToken cancellationToken)
    {
        ModelScorer scorer = await ModelScorer.LoadAsync(registry, reference, options.Scorer, cancellationToken).ConfigureAwait(false);
        if (scorer.OnlineUnsupportedReason is { } why)
        {
            scorer.Dispose();
            throw new NotSupportedException($"{options.Model} cannot be served reading by reading: {why}");
        }

        return ServedModel.Of(scorer);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Serving {Reference}: version {Version}")]
    private static partial void LogLoaded(ILogger logger, string reference, int version);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Reference} moved from version {From} to {To}; now serving {To}")]
    private static partial void LogMoved(ILogger logger, string reference, int from, int to);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Reloading {Reference} failed; still serving version {Version}")]
    private static partial void LogReloadFailed(ILogger logger, Exception exception, string reference, int version);
}
