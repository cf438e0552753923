namespace PredictiveMaintenance.Tracking;

/// <summary>Starts tracked runs and queries them: the MLflow tracking API, over an <see cref="ITrackingStore"/>.</summary>
/// <example>
/// <code>
/// var tracker = new ExperimentTracker(FolderTrackingStore.Open("mlruns"));
/// await using TrackedRun run = await tracker.StartRunAsync("skab-detectors", "isolation-forest");
/// await run.LogParameterAsync("trees", "100");
/// await run.LogMetricAsync("f1", 0.81);
/// await run.EndAsync();
/// </code>
/// </example>
public sealed class ExperimentTracker
{
    private readonly ITrackingStore _store;
    private readonly TimeProvider _time;

    /// <summary>Creates a tracker.</summary>
    /// <param name="store">Where runs are kept.</param>
    /// <param name="timeProvider">The clock for start, end and metric times. Default: the system clock.</param>
    public ExperimentTracker(ITrackingStore store, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(store);
        _store = store;
        _time = timeProvider ?? TimeProvider.System;
    }

    /// <summary>Starts a run in an experiment, creating the experiment if needed.</summary>
    /// <param name="experiment">The experiment's name.</param>
    /// <param name="runName">A name for people; default: the run's id.</param>
    /// <param name="tags">Tags to start with.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    public async Task<TrackedRun> StartRunAsync(string experiment, string? runName = null, IReadOnlyDictionary<string, string>? tags = null, CancellationToken cancellationToken = default)
    {
        Experiment found = await _store.GetOrCreateExperimentAsync(experiment, _time.GetUtcNow(), cancellationToken).ConfigureAwait(false);
        string id = Guid.NewGuid().ToString("N");
        var run = new Run(
            id,
            found.Id,
            runName ?? id,
            RunStatus.Running,
            _time.GetUtcNow(),
            null,
            new Dictionary<string, string>(StringComparer.Ordinal),
            new Dictionary<string, string>(tags ?? new Dictionary<string, string>(), StringComparer.Ordinal),
            null);
        await _store.CreateRunAsync(run, cancellationToken).ConfigureAwait(false);
        return new TrackedRun(_store, _time, run);
    }

    /// <summary>Lists an experiment's runs: filtered by tags and status, ordered by a metric or by start time.</summary>
    /// <param name="experiment">The experiment's name.</param>
    /// <param name="query">The filter and order; default: every run, newest first.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The runs; none when the experiment does not exist.</returns>
    public async Task<IReadOnlyList<Run>> SearchRunsAsync(string experiment, RunQuery? query = null, CancellationToken cancellationToken = default)
    {
        query ??= new RunQuery();
        if (await _store.FindExperimentAsync(experiment, cancellationToken).ConfigureAwait(false) is not { } found)
        {
            return [];
        }

        IEnumerable<Run> runs = (await _store.ListRunsAsync(found.Id, cancellationToken).ConfigureAwait(false))
            .Where(r => query.Status is null || r.Status == query.Status)
            .Where(r => query.Tags.All(t => r.Tags.TryGetValue(t.Key, out string? v) && v == t.Value));
        if (query.OrderByMetric is { } metric)
        {
            var keyed = new List<(Run Run, double? Value)>();
            foreach (Run run in runs)
            {
                IReadOnlyDictionary<string, double> latest = await GetLatestMetricsAsync(run.Id, cancellationToken).ConfigureAwait(false);
                keyed.Add((run, latest.TryGetValue(metric, out double v) ? v : null));
            }

            // Runs without the metric come last whichever the direction; ties keep the newest first.
            runs = keyed
                .OrderBy(k => k.Value is null)
                .ThenBy(k => query.Descending ? -(k.Value ?? 0) : k.Value ?? 0)
                .ThenByDescending(k => k.Run.Start)
                .Select(k => k.Run);
        }
        else
        {
            runs = runs.OrderByDescending(r => r.Start);
        }

        return [.. query.Limit is { } limit ? runs.Take(limit) : runs];
    }

    /// <summary>Returns every value logged for one metric of a run, in the order logged.</summary>
    /// <param name="runId">The run's id.</param>
    /// <param name="key">The metric's name.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    public async Task<IReadOnlyList<MetricPoint>> GetMetricHistoryAsync(string runId, string key, CancellationToken cancellationToken = default) =>
        [.. (await _store.GetMetricsAsync(runId, cancellationToken).ConfigureAwait(false)).Where(p => p.Key == key)];

    /// <summary>Returns each metric's latest value: the one with the highest step, the last logged among equal steps.</summary>
    /// <param name="runId">The run's id.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    public async Task<IReadOnlyDictionary<string, double>> GetLatestMetricsAsync(string runId, CancellationToken cancellationToken = default)
    {
        var latest = new Dictionary<string, MetricPoint>(StringComparer.Ordinal);
        foreach (MetricPoint point in await _store.GetMetricsAsync(runId, cancellationToken).ConfigureAwait(false))
        {
            if (!latest.TryGetValue(point.Key, out MetricPoint? seen) || point.Step >= seen.Step)
            {
                latest[point.Key] = point;
            }
        }

        return latest.ToDictionary(p => p.Key, p => p.Value.Value, StringComparer.Ordinal);
    }
}
