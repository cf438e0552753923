using System.Security.Cryptography;
using System.Text;
using DurableTask.AzureStorage;
using DurableTask.Core;
using DurableTask.Core.Exceptions;
using DurableTask.Core.Query;
using DurableTask.Core.Serializing;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using PredictiveMaintenance.Pipeline;

namespace PredictiveMaintenance.Distributed;

/// <summary>
/// The client of distributed runs: plans and starts a pipeline's batch run in the task hub for the workers
/// (<see cref="DistributedWorker"/>) to carry out, waits for it, and lists the runs the hub knows.
/// </summary>
public sealed class DistributedRuns : IDisposable
{
    private static readonly OrchestrationStatus[] Active = [OrchestrationStatus.Pending, OrchestrationStatus.Running, OrchestrationStatus.ContinuedAsNew];
    private readonly DistributedOptions _options;
    private readonly ILoggerFactory _loggerFactory;
    private readonly AzureStorageOrchestrationService _service;
    private readonly TaskHubClient _client;

    /// <summary>Creates a client of the options' task hub.</summary>
    /// <param name="options">The task hub, its storage account and the shard count.</param>
    /// <param name="loggerFactory">Where the planning and the framework log; none when null.</param>
    /// <exception cref="ArgumentException">The options are invalid (the message names the setting).</exception>
    public DistributedRuns(DistributedOptions options, ILoggerFactory? loggerFactory = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options;
        _loggerFactory = loggerFactory ?? NullLoggerFactory.Instance;
        _service = new AzureStorageOrchestrationService(options.ToSettings(_loggerFactory));
        _client = new TaskHubClient(_service, loggerFactory: _loggerFactory);
    }

    /// <summary>
    /// Plans a batch run of the pipeline (<see cref="BatchPipeline.PlanShardedIngestAsync"/>) and starts its
    /// orchestration. The instance id comes from the pipeline's state location and the run, so starting the same batch
    /// again while it runs returns the running one, and starting it after it completed plans nothing new to ingest.
    /// </summary>
    /// <param name="configuration">The pipeline's configuration file; every worker must read it at the same path.</param>
    /// <param name="cancellationToken">Cancels the planning.</param>
    /// <returns>The run's instance id.</returns>
    /// <exception cref="PipelineConfigurationException">The configuration is invalid, or the tables were built by single-process runs or with another shard count.</exception>
    public async Task<string> StartAsync(string configuration, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(configuration);
        string path = Path.GetFullPath(configuration);
        BatchPipelineOptions options = BatchPipelineConfiguration.Load(path);
        var pipeline = new BatchPipeline(options, _loggerFactory);
        ShardedIngestPlan plan = await pipeline.PlanShardedIngestAsync(_options.Shards, cancellationToken).ConfigureAwait(false);
        string instanceId = $"pdm-{PipelineKey(pipeline.StateFolder)}-{plan.Id}";
        await _service.CreateIfNotExistsAsync().ConfigureAwait(false);
        try
        {
            await _client.CreateOrchestrationInstanceAsync(typeof(BatchRunOrchestration), instanceId, new BatchRunInput(path, plan, options.Training.AfterIngest, _options.ActivityAttempts), Active).ConfigureAwait(false);
        }
        catch (OrchestrationAlreadyExistsException)
        {
            // The same batch is running already: that run is this one.
        }

        return instanceId;
    }

    /// <summary>Waits for a run to finish and returns its status, or null when <paramref name="timeout"/> passed first.</summary>
    /// <param name="instanceId">The run's instance id (<see cref="StartAsync"/>).</param>
    /// <param name="timeout">How long to wait.</param>
    /// <param name="cancellationToken">Cancels the wait.</param>
    public async Task<DistributedRunStatus?> WaitAsync(string instanceId, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(instanceId);
        OrchestrationState? state = await _client.WaitForOrchestrationAsync(new OrchestrationInstance { InstanceId = instanceId }, timeout, cancellationToken).ConfigureAwait(false);
        return state is null || Active.Contains(state.OrchestrationStatus) ? null : ToStatus(state);
    }

    /// <summary>The runs the task hub knows (running and finished), newest first.</summary>
    /// <param name="since">Only runs created since this time (UTC); default a week ago.</param>
    /// <param name="cancellationToken">Cancels the query.</param>
    public async Task<IReadOnlyList<DistributedRunStatus>> ListAsync(DateTime? since = null, CancellationToken cancellationToken = default)
    {
        await _service.CreateIfNotExistsAsync().ConfigureAwait(false);
        var query = new OrchestrationQuery
        {
            CreatedTimeFrom = since ?? DateTime.UtcNow.AddDays(-7),
            FetchInputsAndOutputs = true,
            PageSize = 100,
        };
        var runs = new List<DistributedRunStatus>();
        do
        {
            OrchestrationQueryResult page = await _service.GetOrchestrationWithQueryAsync(query, cancellationToken).ConfigureAwait(false);
            runs.AddRange(page.OrchestrationState.Where(s => s.Name == NameVersionHelper.GetDefaultName(typeof(BatchRunOrchestration))).Select(ToStatus));
            query.ContinuationToken = page.ContinuationToken;
        }
        while (query.ContinuationToken is not null);
        return [.. runs.OrderByDescending(r => r.Created)];
    }

    /// <summary>Deletes the task hub: its queues, tables and lease blobs, with every run's history (not the pipeline's tables).</summary>
    public Task DeleteTaskHubAsync() => _service.DeleteAsync();

    /// <summary>Releases the client's connections to the storage account.</summary>
    public void Dispose() => _service.Dispose();

    private static DistributedRunStatus ToStatus(OrchestrationState state)
    {
        bool completed = state.OrchestrationStatus == OrchestrationStatus.Completed;
        return new DistributedRunStatus(
            state.OrchestrationInstance.InstanceId,
            state.OrchestrationStatus.ToString(),
            state.CreatedTime,
            state.LastUpdatedTime,
            completed && state.Output is { } output ? new JsonDataConverter().Deserialize<DistributedRunResult>(output) : null,
            state.OrchestrationStatus == OrchestrationStatus.Failed ? state.FailureDetails?.ErrorMessage ?? state.Output : null);
    }

    /// <summary>A short name of the pipeline from its state location, the same on every machine that reaches it at the same location.</summary>
    private static string PipelineKey(string stateFolder) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(stateFolder)))[..12];
}
