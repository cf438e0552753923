using DurableTask.AzureStorage;
using Microsoft.Extensions.Logging;

namespace PredictiveMaintenance.Distributed;

/// <summary>Where the workers and clients of distributed runs meet, and how the Durable Task Framework treats a worker that dies.</summary>
public sealed class DistributedOptions
{
    /// <summary>
    /// The task hub's name: 3 to 45 letters and digits, starting with a letter. Every worker and client of one fleet
    /// uses the same; its queues, tables and lease blobs are named after it in the storage account.
    /// </summary>
    public required string TaskHub { get; init; }

    /// <summary>The Azure Storage connection string of the task hub's account (blob, queue and table services); <c>UseDevelopmentStorage=true</c> for Azurite.</summary>
    public required string StorageConnectionString { get; init; }

    /// <summary>How many shards a run spreads the fleet's assets over; fixed for a pipeline's tables by its first distributed run. Default 8.</summary>
    public int Shards { get; init; } = 8;

    /// <summary>How many activities one worker runs at once. Default the number of processors.</summary>
    public int MaxConcurrentActivities { get; init; } = Environment.ProcessorCount;

    /// <summary>
    /// How long an activity taken by a worker stays invisible to the others; when the worker dies, another takes the
    /// activity again after this. Default 5 minutes (the framework's); it must exceed the longest activity's
    /// processing between the framework's renewals, which a live worker makes itself.
    /// </summary>
    public TimeSpan WorkItemVisibilityTimeout { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// The lease on a control-queue partition (which worker runs which orchestrations); a dead worker's partitions
    /// are taken over by the others after it. Default 30 s (the framework's).
    /// </summary>
    public TimeSpan PartitionLeaseInterval { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>The longest wait between two polls of an empty queue. Default 30 s (the framework's); shorter makes an idle hub answer sooner and costs more storage requests.</summary>
    public TimeSpan MaxQueuePollingInterval { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>How many times a failed activity is tried in all (the first try included) before the run fails; chosen by the client that starts a run and carried in its input, so every worker applies the same. Default 3.</summary>
    public int ActivityAttempts { get; init; } = 3;

    internal void Validate()
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(TaskHub);
        ArgumentException.ThrowIfNullOrWhiteSpace(StorageConnectionString);
        if (TaskHub.Length is < 3 or > 45 || !char.IsAsciiLetter(TaskHub[0]) || !TaskHub.All(char.IsAsciiLetterOrDigit))
        {
            throw new ArgumentException($"Task hub '{TaskHub}' must be 3 to 45 letters and digits, starting with a letter (Azure Storage names its queues and tables after it).", nameof(TaskHub));
        }

        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(Shards);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(MaxConcurrentActivities);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(ActivityAttempts);
        ArgumentOutOfRangeException.ThrowIfLessThan(WorkItemVisibilityTimeout, TimeSpan.FromSeconds(1));
        ArgumentOutOfRangeException.ThrowIfLessThan(PartitionLeaseInterval, TimeSpan.FromSeconds(1));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxQueuePollingInterval, TimeSpan.FromMilliseconds(100));
    }

    internal AzureStorageOrchestrationServiceSettings ToSettings(ILoggerFactory loggerFactory)
    {
        Validate();
        return new AzureStorageOrchestrationServiceSettings
        {
            TaskHubName = TaskHub,
            StorageAccountClientProvider = new StorageAccountClientProvider(StorageConnectionString),
            // The framework's default worker id is the machine name, the same for every worker process of one machine.
            WorkerId = $"{Environment.MachineName}-{Environment.ProcessId}",
            MaxConcurrentTaskActivityWorkItems = MaxConcurrentActivities,
            WorkItemQueueVisibilityTimeout = WorkItemVisibilityTimeout,
            ControlQueueVisibilityTimeout = WorkItemVisibilityTimeout,
            LeaseInterval = PartitionLeaseInterval,
            LeaseRenewInterval = PartitionLeaseInterval / 3,
            LeaseAcquireInterval = PartitionLeaseInterval / 3,
            MaxQueuePollingInterval = MaxQueuePollingInterval,
            LoggerFactory = loggerFactory,
        };
    }
}
