using System.Diagnostics;
using PredictiveMaintenance.DeltaLake.Tests;

namespace PredictiveMaintenance.Distributed.Tests;

/// <summary>
/// A task hub of its own in Azurite and <c>pdm worker</c> child processes taking work from it, with recovery after 10 s
/// so that a killed worker's activities are taken over within a test. Disposing kills the workers and deletes the hub.
/// </summary>
internal sealed class WorkerProcesses : IAsyncDisposable
{
    private readonly List<Process> _workers = [];

    private WorkerProcesses(DistributedOptions options) => Options = options;

    public DistributedOptions Options { get; }

    public IReadOnlyList<Process> Workers => _workers;

    public static async Task<WorkerProcesses> StartAsync(int count, int shards = 3)
    {
        var options = new DistributedOptions
        {
            TaskHub = "t" + Guid.NewGuid().ToString("N")[..20],
            StorageConnectionString = Azurite.ConnectionString,
            Shards = shards,
            WorkItemVisibilityTimeout = TimeSpan.FromSeconds(10),
            PartitionLeaseInterval = TimeSpan.FromSeconds(5),
            MaxQueuePollingInterval = TimeSpan.FromSeconds(1),
        };
        var processes = new WorkerProcesses(options);
        for (int i = 0; i < count; i++)
        {
            var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
            foreach (string argument in new[]
            {
                Path.Combine(AppContext.BaseDirectory, "pdm.dll"), "worker", "--hub", options.TaskHub, "--storage", options.StorageConnectionString,
                "--recovery-seconds", "10", "--poll-seconds", "1", "--activities", "4", "--log-level", "Warning",
            })
            {
                start.ArgumentList.Add(argument);
            }

            Process worker = Process.Start(start)!;
            processes._workers.Add(worker);
            string? first = await worker.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(60));
            Assert.StartsWith("Worker ", first, StringComparison.Ordinal);
            _ = worker.StandardOutput.ReadToEndAsync();
            _ = worker.StandardError.ReadToEndAsync();
        }

        return processes;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (Process worker in _workers)
        {
            if (!worker.HasExited)
            {
                worker.Kill(entireProcessTree: true);
            }

            await worker.WaitForExitAsync();
            worker.Dispose();
        }

        using var runs = new DistributedRuns(Options);
        await runs.DeleteTaskHubAsync();
    }
}
