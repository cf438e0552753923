namespace PredictiveMaintenance.Tracking;

/// <summary>
/// Where runs and registered models are kept. <see cref="FolderTrackingStore"/> is the embedded default; other stores
/// (a database, a tracking server) implement the same operations. Updates are read-modify-write functions that the
/// store applies atomically: when two processes update the same run or model at once, neither update is lost.
/// </summary>
public interface ITrackingStore
{
    /// <summary>Where the store is, as messages name it: a folder's full path, a server and database.</summary>
    string Location { get; }

    /// <summary>Returns the experiment with this name, creating it if there is none (once, even when several processes ask at once).</summary>
    /// <param name="name">The experiment's name.</param>
    /// <param name="created">The creation time to record if it is new.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    Task<Experiment> GetOrCreateExperimentAsync(string name, DateTimeOffset created, CancellationToken cancellationToken = default);

    /// <summary>Returns the experiment with this name, or null.</summary>
    /// <param name="name">The experiment's name.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    Task<Experiment?> FindExperimentAsync(string name, CancellationToken cancellationToken = default);

    /// <summary>Creates a run in the <see cref="RunStatus.Running"/> status.</summary>
    /// <param name="run">The new run; its id must be new.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    Task CreateRunAsync(Run run, CancellationToken cancellationToken = default);

    /// <summary>Returns a run.</summary>
    /// <param name="runId">The run's id.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <exception cref="KeyNotFoundException">There is no such run.</exception>
    Task<Run> GetRunAsync(string runId, CancellationToken cancellationToken = default);

    /// <summary>Applies <paramref name="update"/> to a run atomically and returns the stored result.</summary>
    /// <param name="runId">The run's id.</param>
    /// <param name="update">Computes the new run from the current one; it may throw to refuse the change.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    Task<Run> UpdateRunAsync(string runId, Func<Run, Run> update, CancellationToken cancellationToken = default);

    /// <summary>Returns every run of an experiment.</summary>
    /// <param name="experimentId">The experiment's id.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    Task<IReadOnlyList<Run>> ListRunsAsync(string experimentId, CancellationToken cancellationToken = default);

    /// <summary>Appends metric values to a run's history.</summary>
    /// <param name="runId">The run's id.</param>
    /// <param name="points">The values, kept in this order.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    Task AppendMetricsAsync(string runId, IReadOnlyList<MetricPoint> points, CancellationToken cancellationToken = default);

    /// <summary>Returns every metric value logged for a run, in the order logged.</summary>
    /// <param name="runId">The run's id.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    Task<IReadOnlyList<MetricPoint>> GetMetricsAsync(string runId, CancellationToken cancellationToken = default);

    /// <summary>Copies a file or a folder into a run's artifacts.</summary>
    /// <param name="runId">The run's id.</param>
    /// <param name="sourcePath">The file or folder to copy (links are refused).</param>
    /// <param name="artifactPath">Where under the run's artifacts, as a relative path with <c>/</c> separators.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    Task LogArtifactAsync(string runId, string sourcePath, string artifactPath, CancellationToken cancellationToken = default);

    /// <summary>Returns the relative paths of a run's artifact files, with <c>/</c> separators, in ordinal order.</summary>
    /// <param name="runId">The run's id.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    Task<IReadOnlyList<string>> ListArtifactsAsync(string runId, CancellationToken cancellationToken = default);

    /// <summary>Registers a new version of a model, numbered after every earlier one (never reused), with a copy of the artifact.</summary>
    /// <param name="modelName">The registered model's name.</param>
    /// <param name="artifactPath">The artifact file to copy in.</param>
    /// <param name="info">What to record with it.</param>
    /// <param name="created">The registration time.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    Task<ModelVersion> CreateModelVersionAsync(string modelName, string artifactPath, NewModelVersion info, DateTimeOffset created, CancellationToken cancellationToken = default);

    /// <summary>Returns the registered models' names, in ordinal order.</summary>
    /// <param name="cancellationToken">Cancels the operation.</param>
    Task<IReadOnlyList<string>> ListModelsAsync(CancellationToken cancellationToken = default);

    /// <summary>Returns every version of a model, by version number; none when the model is not registered.</summary>
    /// <param name="modelName">The registered model's name.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    Task<IReadOnlyList<ModelVersion>> ListModelVersionsAsync(string modelName, CancellationToken cancellationToken = default);

    /// <summary>
    /// Applies a change of stages atomically: <paramref name="update"/> sees every version and returns the versions it
    /// changed with the transitions to record, and a result for the caller.
    /// </summary>
    /// <typeparam name="T">The caller's result.</typeparam>
    /// <param name="modelName">The registered model's name.</param>
    /// <param name="update">Computes the change; it may throw to refuse it.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <exception cref="ModelNotFoundException">The model is not registered.</exception>
    Task<T> UpdateModelAsync<T>(string modelName, Func<IReadOnlyList<ModelVersion>, ModelUpdate<T>> update, CancellationToken cancellationToken = default);

    /// <summary>Returns a model's recorded stage transitions, oldest first.</summary>
    /// <param name="modelName">The registered model's name.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    Task<IReadOnlyList<StageTransition>> GetTransitionsAsync(string modelName, CancellationToken cancellationToken = default);

    /// <summary>Returns a version's artifact bytes after checking them against the registered SHA-256.</summary>
    /// <param name="version">The version.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <exception cref="ModelArtifactException">The artifact is missing, outside the version's folder, a link, or its hash differs.</exception>
    Task<byte[]> ReadArtifactAsync(ModelVersion version, CancellationToken cancellationToken = default);
}

/// <summary>A change of a model's versions computed inside <see cref="ITrackingStore.UpdateModelAsync{T}"/>.</summary>
/// <typeparam name="T">The caller's result.</typeparam>
/// <param name="Changed">The versions whose stage changed, as they should now be stored.</param>
/// <param name="Transitions">The transitions to record.</param>
/// <param name="Result">What the caller gets back.</param>
public sealed record ModelUpdate<T>(IReadOnlyList<ModelVersion> Changed, IReadOnlyList<StageTransition> Transitions, T Result);
