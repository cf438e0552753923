namespace PredictiveMaintenance.Tracking;

/// <summary>
/// A run in progress: log its parameters, metrics, tags, artifacts and lineage, then end it. Disposing a run that was not
/// ended marks it <see cref="RunStatus.Failed"/>: code that did not reach <see cref="EndAsync"/> did not finish.
/// Thread-safe: the store serializes the updates.
/// </summary>
public sealed class TrackedRun : IAsyncDisposable
{
    private readonly ITrackingStore _store;
    private readonly TimeProvider _time;
    private bool _ended;

    internal TrackedRun(ITrackingStore store, TimeProvider time, Run run)
    {
        _store = store;
        _time = time;
        Id = run.Id;
        ExperimentId = run.ExperimentId;
    }

    /// <summary>The run's id.</summary>
    public string Id { get; }

    /// <summary>The id of the experiment it belongs to.</summary>
    public string ExperimentId { get; }

    /// <summary>Records a parameter. A parameter is set once: the same value again is fine, another value is refused.</summary>
    /// <param name="key">The parameter's name.</param>
    /// <param name="value">Its value, as text.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <exception cref="InvalidOperationException">The parameter already has another value.</exception>
    public Task LogParameterAsync(string key, string value, CancellationToken cancellationToken = default) =>
        LogParametersAsync(new Dictionary<string, string> { [key] = value }, cancellationToken);

    /// <summary>Records parameters; each is set once (see <see cref="LogParameterAsync"/>).</summary>
    /// <param name="parameters">The parameters.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    public Task LogParametersAsync(IReadOnlyDictionary<string, string> parameters, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        foreach ((string key, string value) in parameters)
        {
            ArgumentException.ThrowIfNullOrWhiteSpace(key, nameof(parameters));
            ArgumentNullException.ThrowIfNull(value, nameof(parameters));
        }

        return _store.UpdateRunAsync(Id, run =>
        {
            var merged = new Dictionary<string, string>(run.Parameters, StringComparer.Ordinal);
            foreach ((string key, string value) in parameters)
            {
                if (merged.TryGetValue(key, out string? old) && old != value)
                {
                    throw new InvalidOperationException($"Parameter '{key}' of run {Id} is already '{old}'; parameters are set once (log '{value}' under another name or in a new run).");
                }

                merged[key] = value;
            }

            return run with { Parameters = merged };
        }, cancellationToken);
    }

    /// <summary>Logs a metric value; a metric may have many values, one per step.</summary>
    /// <param name="key">The metric's name.</param>
    /// <param name="value">The value.</param>
    /// <param name="step">The step (an epoch, a batch); 0 when there is one value.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    public Task LogMetricAsync(string key, double value, long step = 0, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(key);
        ArgumentOutOfRangeException.ThrowIfNegative(step);
        return _store.AppendMetricsAsync(Id, [new MetricPoint(key, value, step, _time.GetUtcNow())], cancellationToken);
    }

    /// <summary>Logs several metrics at one step in one update of the store (MLflow's <c>log_metrics</c>).</summary>
    /// <param name="metrics">The metrics' names and values.</param>
    /// <param name="step">The step (an epoch, a batch); 0 when there is one value.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    public Task LogMetricsAsync(IReadOnlyDictionary<string, double> metrics, long step = 0, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(metrics);
        ArgumentOutOfRangeException.ThrowIfNegative(step);
        foreach (string key in metrics.Keys)
        {
            ArgumentException.ThrowIfNullOrWhiteSpace(key, nameof(metrics));
        }

        DateTimeOffset now = _time.GetUtcNow();
        return _store.AppendMetricsAsync(Id, [.. metrics.Select(m => new MetricPoint(m.Key, m.Value, step, now))], cancellationToken);
    }

    /// <summary>Sets a tag, replacing its earlier value.</summary>
    /// <param name="key">The tag's name.</param>
    /// <param name="value">Its value.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    public Task SetTagAsync(string key, string value, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(key);
        ArgumentNullException.ThrowIfNull(value);
        return _store.UpdateRunAsync(Id, run => run with { Tags = new Dictionary<string, string>(run.Tags, StringComparer.Ordinal) { [key] = value } }, cancellationToken);
    }

    /// <summary>Records what the run was built from.</summary>
    /// <param name="lineage">Its input data, feature specification, package version and seed.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    public Task SetLineageAsync(RunLineage lineage, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(lineage);
        return _store.UpdateRunAsync(Id, run => run with { Lineage = lineage }, cancellationToken);
    }

    /// <summary>Copies a file or a folder into the run's artifacts.</summary>
    /// <param name="sourcePath">The file or folder.</param>
    /// <param name="artifactPath">Where under the run's artifacts; default: the file or folder's name.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    public Task LogArtifactAsync(string sourcePath, string? artifactPath = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(sourcePath);
        return _store.LogArtifactAsync(Id, sourcePath, artifactPath ?? Path.GetFileName(Path.TrimEndingDirectorySeparator(sourcePath)), cancellationToken);
    }

    /// <summary>Ends the run.</summary>
    /// <param name="status">How it ended. Default: <see cref="RunStatus.Finished"/>.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <exception cref="InvalidOperationException">The run already ended.</exception>
    public async Task EndAsync(RunStatus status = RunStatus.Finished, CancellationToken cancellationToken = default)
    {
        if (status == RunStatus.Running)
        {
            throw new ArgumentException("A run ends as Finished, Failed or Killed.", nameof(status));
        }

        DateTimeOffset end = _time.GetUtcNow();
        await _store.UpdateRunAsync(Id, run => run.Status == RunStatus.Running
            ? run with { Status = status, End = end }
            : throw new InvalidOperationException($"Run {Id} already ended as {run.Status}."), cancellationToken).ConfigureAwait(false);
        _ended = true;
    }

    /// <summary>Ends the run as <see cref="RunStatus.Failed"/> if <see cref="EndAsync"/> was not called.</summary>
    public async ValueTask DisposeAsync()
    {
        if (!_ended)
        {
            await EndAsync(RunStatus.Failed).ConfigureAwait(false);
        }
    }
}
