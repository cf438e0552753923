using System.CommandLine;
using System.Globalization;
using Microsoft.Extensions.Logging;
using PredictiveMaintenance.Distributed;

namespace PredictiveMaintenance.Cli.Commands;

/// <summary>
/// The commands of distributed runs on the Durable Task Framework: <c>pdm worker</c> takes work from a task hub until
/// stopped, <c>pdm run --distributed</c> starts a run (in <see cref="RunCommand"/>), <c>pdm status</c> lists the runs.
/// </summary>
internal static class DistributedCommand
{
    /// <summary>The environment variable read when <c>--storage</c> is not given.</summary>
    public const string StorageVariable = "PDM_TASK_HUB_STORAGE";

    /// <summary>The options every distributed command takes: the task hub, its storage account and the recovery settings.</summary>
    internal sealed class HubOptions
    {
        public Option<string> Hub { get; } = new("--hub") { Description = "The task hub's name (3 to 45 letters and digits, starting with a letter); the same for every worker and client of one fleet.", Required = true };

        public Option<string?> Storage { get; } = new("--storage") { Description = $"The task hub's Azure Storage connection string (UseDevelopmentStorage=true for Azurite); default ${StorageVariable}." };

        public Option<int> Shards { get; } = new("--shards") { Description = "How many shards a run spreads the fleet's assets over; fixed for a pipeline's tables by its first distributed run.", DefaultValueFactory = _ => 8 };

        public Option<double> RecoverySeconds { get; } = new("--recovery-seconds") { Description = "How long a dead worker's activity and partition stay taken before another worker takes them over.", DefaultValueFactory = _ => 300 };

        public Option<double> PollSeconds { get; } = new("--poll-seconds") { Description = "The longest wait between two polls of an empty queue.", DefaultValueFactory = _ => 30 };

        public IEnumerable<Option> All => [Hub, Storage, Shards, RecoverySeconds, PollSeconds];

        public DistributedOptions Read(ParseResult parse, int? activities = null)
        {
            string storage = parse.GetValue(Storage) ?? Environment.GetEnvironmentVariable(StorageVariable)
                ?? throw new ArgumentException($"No task hub storage: give --storage <connection string> or set ${StorageVariable}.");
            double recovery = parse.GetValue(RecoverySeconds);
            return new DistributedOptions
            {
                TaskHub = parse.GetValue(Hub)!,
                StorageConnectionString = storage,
                Shards = parse.GetValue(Shards),
                WorkItemVisibilityTimeout = TimeSpan.FromSeconds(recovery),
                // The partition lease is renewed three times within it; a tenth of the recovery time, at least 5 s, takes over partitions sooner.
                PartitionLeaseInterval = TimeSpan.FromSeconds(Math.Max(5, Math.Min(30, recovery / 10))),
                MaxQueuePollingInterval = TimeSpan.FromSeconds(parse.GetValue(PollSeconds)),
                MaxConcurrentActivities = activities ?? Environment.ProcessorCount,
            };
        }
    }

    public static Command CreateWorker()
    {
        var hub = new HubOptions();
        Option<LogLevel> logLevel = PipelineCommand.LogLevelOption();
        var activities = new Option<int>("--activities") { Description = "How many activities this worker runs at once.", DefaultValueFactory = _ => Environment.ProcessorCount };
        var command = new Command("worker", "Take work of distributed runs from a task hub until stopped (Ctrl+C or SIGTERM finish the activities in progress first). Any number of workers on any number of machines may share one hub.")
        {
            logLevel, activities,
        };
        foreach (Option option in hub.All)
        {
            command.Options.Add(option);
        }

        command.SetAction((parse, cancellationToken) => CommandRunner.RunAsync(parse, async output =>
        {
            using ILoggerFactory logging = PipelineCommand.CreateLogging(parse.GetValue(logLevel));
            DistributedOptions options = hub.Read(parse, parse.GetValue(activities));
            await using DistributedWorker worker = await DistributedWorker.StartAsync(options, logging);
            await output.WriteLineAsync(FormattableString.Invariant($"Worker {Environment.ProcessId} taking work from task hub {options.TaskHub}; Ctrl+C stops."));
            await output.FlushAsync(cancellationToken);
            try
            {
                await Task.Delay(Timeout.Infinite, cancellationToken);
            }
            catch (OperationCanceledException)
            {
                await output.WriteLineAsync("Stopping: finishing the activities in progress.");
            }
        }));
        return command;
    }

    public static Command CreateStatus()
    {
        var hub = new HubOptions();
        var command = new Command("status", "List the distributed runs of a task hub from the last 7 days, running and finished, newest first.");
        foreach (Option option in hub.All)
        {
            command.Options.Add(option);
        }

        command.SetAction((parse, cancellationToken) => CommandRunner.RunAsync(parse, async output =>
        {
            using var runs = new DistributedRuns(hub.Read(parse));
            IReadOnlyList<DistributedRunStatus> all = await runs.ListAsync(cancellationToken: cancellationToken);
            if (all.Count == 0)
            {
                await output.WriteLineAsync($"No runs in task hub {parse.GetValue(hub.Hub)} in the last 7 days.");
                return;
            }

            foreach (DistributedRunStatus run in all)
            {
                await output.WriteLineAsync(Describe(run));
            }
        }));
        return command;
    }

    /// <summary>One line per run: its id, status, times and what it did or why it failed.</summary>
    public static string Describe(DistributedRunStatus run)
    {
        string what = run.Result is { } r
            ? string.Create(CultureInfo.InvariantCulture, $"{r.Files} files, {r.RowsRead:N0} rows read = {r.RowsAccepted:N0} accepted + {r.RowsQuarantined:N0} quarantined + {r.RowsLate:N0} late; {r.FeatureRows:N0} feature rows; {(r.ModelsTrained.Count == 0 ? "no model trained" : "trained " + string.Join(", ", r.ModelsTrained))}; {r.PredictionsWritten:N0} predictions")
            : run.Failure ?? "";
        return string.Create(CultureInfo.InvariantCulture, $"{run.InstanceId}  {run.Status,-10} created {run.Created:yyyy-MM-dd HH:mm:ss}Z  updated {run.LastUpdated:yyyy-MM-dd HH:mm:ss}Z  {what}").TrimEnd();
    }
}
