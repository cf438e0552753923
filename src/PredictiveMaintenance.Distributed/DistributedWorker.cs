using DurableTask.AzureStorage;
using DurableTask.Core;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace PredictiveMaintenance.Distributed;

/// <summary>
/// A worker of distributed runs: it takes orchestrations and activities from the task hub's queues until stopped. Any
/// number of workers, on any number of machines, may share one hub; each activity runs on one of them at a time.
/// </summary>
public sealed class DistributedWorker : IAsyncDisposable
{
    private readonly TaskHubWorker _worker;
    private bool _stopped;

    private DistributedWorker(TaskHubWorker worker) => _worker = worker;

    /// <summary>Creates the task hub if it does not exist and starts taking work.</summary>
    /// <param name="options">The task hub, its storage account and the recovery settings.</param>
    /// <param name="loggerFactory">Where the framework's and the pipeline's logs go; none when null.</param>
    /// <exception cref="ArgumentException">The options are invalid (the message names the setting).</exception>
    public static async Task<DistributedWorker> StartAsync(DistributedOptions options, ILoggerFactory? loggerFactory = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ILoggerFactory logs = loggerFactory ?? NullLoggerFactory.Instance;
        var service = new AzureStorageOrchestrationService(options.ToSettings(logs));
        await service.CreateIfNotExistsAsync().ConfigureAwait(false);
        var worker = new TaskHubWorker(service, logs);
        worker.AddTaskOrchestrations(typeof(BatchRunOrchestration));
        worker.AddTaskActivities(
            new DefaultObjectCreator<TaskActivity>(new SplitFileActivity(logs)),
            new DefaultObjectCreator<TaskActivity>(new IngestShardActivity(logs)),
            new DefaultObjectCreator<TaskActivity>(new CompleteIngestActivity(logs)),
            new DefaultObjectCreator<TaskActivity>(new TrainActivity(logs)),
            new DefaultObjectCreator<TaskActivity>(new ScoreActivity(logs)),
            new DefaultObjectCreator<TaskActivity>(new DashboardActivity(logs)));
        await worker.StartAsync().ConfigureAwait(false);
        return new DistributedWorker(worker);
    }

    /// <summary>Stops taking work and waits for the activities in progress to finish.</summary>
    public async Task StopAsync()
    {
        if (!_stopped)
        {
            _stopped = true;
            await _worker.StopAsync(isForced: false).ConfigureAwait(false);
        }
    }

    /// <summary>Stops the worker (see <see cref="StopAsync"/>).</summary>
    public async ValueTask DisposeAsync()
    {
        await StopAsync().ConfigureAwait(false);
        _worker.Dispose();
    }
}
