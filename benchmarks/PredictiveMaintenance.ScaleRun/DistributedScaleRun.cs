using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Azure.Storage.Blobs;
using PredictiveMaintenance.Distributed;

namespace PredictiveMaintenance.ScaleRun;

/// <summary>
/// The distributed scale curve (issue 17): one batch of a simulated fleet run by 1, 2 and 4 <c>pdm worker</c>
/// processes sharing a task hub, and by one single-process <c>pdm run</c>, with tables, state and staged files in
/// Azure Storage (Azurite). Measures the batch's wall time, the CPU time of every process that worked on it, and the
/// requests the storage account received, read from Azurite's debug log.
/// </summary>
internal static partial class DistributedScaleRun
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    public static async Task<int> RunAsync(string[] args)
    {
        var arguments = DistributedScaleArguments.Parse(args);
        string work = Path.GetFullPath(arguments.Work ?? Path.Combine(Path.GetTempPath(), $"pdm-distributed-scale-{arguments.Assets}"));
        if (Directory.Exists(work))
        {
            Directory.Delete(work, recursive: true);
        }

        string pdm = Path.Combine(AppContext.BaseDirectory, "pdm.dll");
        string fleet = Path.Combine(work, "fleet");
        string folder = Path.Combine(work, "pipeline");
        await RunPdmAsync(pdm, ["simulate", fleet, "--assets", Invariant(arguments.Assets), "--days", Invariant(arguments.Days)]);
        await RunPdmAsync(pdm, ["init", folder, "--data", fleet]);
        string[] staged = Directory.GetFiles(Path.Combine(folder, "staging"));
        Console.WriteLine(FormattableString.Invariant(
            $"distributed scale run: {arguments.Assets:N0} assets x {arguments.Days} days in {staged.Length} staged files ({staged.Sum(f => new FileInfo(f).Length) / 1e6:F0} MB), {arguments.Shards} shards, {Environment.ProcessorCount} cores, {RuntimeInformation.FrameworkDescription}"));

        var service = new BlobServiceClient(arguments.Storage);
        var emulator = new EmulatorLog(arguments.AzuriteLog);
        var runs = new List<DistributedScaleResult>();
        for (int repeat = 1; repeat <= arguments.Repeats; repeat++)
        {
            // Interleaved, so that a noisy stretch of the shared machine falls on every worker count alike.
            foreach (int workers in arguments.Workers)
            {
                string name = "scale" + Guid.NewGuid().ToString("N")[..16];
                BlobContainerClient container = (await service.CreateBlobContainerAsync(name)).Value;
                try
                {
                    foreach (string file in staged)
                    {
                        await container.GetBlobClient($"pdm/staging/{Path.GetFileName(file)}").UploadAsync(file);
                    }

                    string config = WriteConfig(folder, name, arguments.Storage);
                    DistributedScaleResult result = workers == 0
                        ? await RunSingleProcessAsync(pdm, config, name, emulator)
                        : await RunDistributedAsync(pdm, config, name, workers, arguments, emulator);
                    runs.Add(result with { Repeat = repeat });
                    Console.WriteLine(Describe(result));
                }
                finally
                {
                    await container.DeleteAsync();
                }
            }
        }

        PrintTable(runs, arguments);
        if (arguments.Json is { } json)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(json))!);
            await File.WriteAllTextAsync(json, JsonSerializer.Serialize(runs, Indented));
            Console.WriteLine($"wrote {json}");
        }

        Directory.Delete(work, recursive: true);
        return 0;
    }

    /// <summary>A copy of the pipeline's <c>pdm.json</c> with staging, tables, state and tracking in the container; training off, as the curve is of the batch's data work.</summary>
    private static string WriteConfig(string folder, string container, string storage)
    {
        JsonNode config = JsonNode.Parse(File.ReadAllText(Path.Combine(folder, "pdm.json")))!;
        foreach (string location in new[] { "staging", "tables", "state", "tracking" })
        {
            config[location] = $"az://{container}/pdm/{location}";
        }

        config["storage"] = new JsonObject { ["azureConnectionString"] = storage };
        config["training"]!["afterIngest"] = false;
        string path = Path.Combine(folder, $"pdm-{container}.json");
        File.WriteAllText(path, config.ToJsonString(Indented));
        return path;
    }

    private static async Task<DistributedScaleResult> RunSingleProcessAsync(string pdm, string config, string container, EmulatorLog emulator)
    {
        EmulatorLog.Mark mark = emulator.Begin();
        TimeSpan children = ChildrenCpu();
        var wall = Stopwatch.StartNew();
        string output = await RunPdmAsync(pdm, ["run", "--config", config, "--log-level", "Warning", "--no-progress"]);
        wall.Stop();
        TimeSpan cpu = ChildrenCpu() - children;
        Match summary = IngestSummary().Match(output);
        if (!summary.Success)
        {
            throw new InvalidOperationException($"pdm run printed no ingest summary:\n{output}");
        }

        long accepted = long.Parse(summary.Groups["accepted"].Value, CultureInfo.InvariantCulture);
        return new DistributedScaleResult(0, 0, int.Parse(summary.Groups["files"].Value, CultureInfo.InvariantCulture), accepted, wall.Elapsed.TotalSeconds, cpu.TotalSeconds, 0, emulator.End(mark, container, hub: null));
    }

    private static async Task<DistributedScaleResult> RunDistributedAsync(string pdm, string config, string container, int count, DistributedScaleArguments arguments, EmulatorLog emulator)
    {
        var options = new DistributedOptions
        {
            TaskHub = "s" + Guid.NewGuid().ToString("N")[..16],
            StorageConnectionString = arguments.Storage,
            Shards = arguments.Shards,
            MaxQueuePollingInterval = TimeSpan.FromSeconds(arguments.PollSeconds),
        };
        var workers = new List<Process>();
        try
        {
            for (int i = 0; i < count; i++)
            {
                workers.Add(await StartWorkerAsync(pdm, options, arguments.PollSeconds));
            }

            // Every worker holds its share of the control-queue partitions before the run starts.
            await Task.Delay(TimeSpan.FromSeconds(10));
            using var runs = new DistributedRuns(options);
            EmulatorLog.Mark mark = emulator.Begin();
            TimeSpan before = WorkersCpu(workers) + ProcessCpu();
            var wall = Stopwatch.StartNew();
            string id = await runs.StartAsync(config);
            DistributedRunStatus status = await runs.WaitAsync(id, TimeSpan.FromHours(1)) ?? throw new TimeoutException($"{id} did not finish within an hour.");
            wall.Stop();
            TimeSpan cpu = WorkersCpu(workers) + ProcessCpu() - before;
            if (status.Status != "Completed")
            {
                throw new InvalidOperationException($"{id}: {status.Status}: {status.Failure}");
            }

            StorageRequests requests = emulator.End(mark, container, options.TaskHub);
            await runs.DeleteTaskHubAsync();
            return new DistributedScaleResult(0, count, status.Result!.Files, status.Result.RowsAccepted, wall.Elapsed.TotalSeconds, cpu.TotalSeconds, arguments.Shards, requests);
        }
        finally
        {
            foreach (Process worker in workers)
            {
                worker.Kill(entireProcessTree: true);
                await worker.WaitForExitAsync();
                worker.Dispose();
            }
        }
    }

    private static async Task<Process> StartWorkerAsync(string pdm, DistributedOptions options, double pollSeconds)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (string argument in new[] { pdm, "worker", "--hub", options.TaskHub, "--storage", options.StorageConnectionString, "--poll-seconds", Invariant(pollSeconds), "--log-level", "Warning" })
        {
            start.ArgumentList.Add(argument);
        }

        Process worker = Process.Start(start)!;
        string? first = await worker.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromMinutes(1));
        if (first is null || !first.StartsWith("Worker ", StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"pdm worker did not start: {first} {await worker.StandardError.ReadToEndAsync()}");
        }

        _ = worker.StandardOutput.ReadToEndAsync();
        _ = worker.StandardError.ReadToEndAsync();
        return worker;
    }

    private static async Task<string> RunPdmAsync(string pdm, string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(pdm);
        foreach (string argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using Process process = Process.Start(start)!;
        Task<string> output = process.StandardOutput.ReadToEndAsync();
        Task<string> error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"pdm {string.Join(' ', arguments)} exited with {process.ExitCode}:\n{await output}\n{await error}");
        }

        return await output;
    }

    private static TimeSpan WorkersCpu(List<Process> workers) => workers.Aggregate(TimeSpan.Zero, (sum, w) =>
    {
        w.Refresh();
        return sum + w.TotalProcessorTime;
    });

    private static TimeSpan ProcessCpu()
    {
        using Process self = Process.GetCurrentProcess();
        return self.TotalProcessorTime;
    }

    /// <summary>The CPU time of every child process that ended and was waited for (getrusage RUSAGE_CHILDREN): a finished <c>pdm run</c> cannot be asked any more.</summary>
    private static TimeSpan ChildrenCpu()
    {
        // struct rusage: ru_utime and ru_stime (timeval: seconds, microseconds), then fourteen longs.
        long[] usage = new long[18];
        if (GetResourceUsage(-1, usage) != 0)
        {
            throw new InvalidOperationException($"getrusage failed: {Marshal.GetLastPInvokeError()}");
        }

        return TimeSpan.FromMicroseconds(((usage[0] + usage[2]) * 1e6) + usage[1] + usage[3]);
    }

    private static string Describe(DistributedScaleResult r) => FormattableString.Invariant(
        $"{(r.Workers == 0 ? "single process" : $"{r.Workers} workers")}: {r.Files} files, {r.RowsAccepted:N0} rows, {r.WallSeconds:F1} s wall, {r.CpuSeconds:F1} s CPU ({1e9 * r.CpuSeconds / r.RowsAccepted:F0} ns/row), storage: {r.Requests.Lake:N0} lake + {r.Requests.HubBlobs:N0} hub blob + {r.Requests.HubQueues:N0} queue + {r.Requests.HubTables:N0} table requests, emulator {r.Requests.EmulatorCpuSeconds:F1} s CPU");

    private static void PrintTable(List<DistributedScaleResult> runs, DistributedScaleArguments arguments)
    {
        Console.WriteLine($"medians of {arguments.Repeats} runs each:");
        Console.WriteLine("| processes | rows | wall s | speed-up | CPU s | CPU ns/row | lake requests | hub blob | hub queue | hub table | all requests | emulator CPU s |");
        Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        double? baseline = null;
        foreach (IGrouping<int, DistributedScaleResult> group in runs.GroupBy(r => r.Workers))
        {
            double wall = Median(group.Select(r => r.WallSeconds));
            baseline ??= wall;
            double cpu = Median(group.Select(r => r.CpuSeconds));
            long rows = group.First().RowsAccepted;
            double M(Func<StorageRequests, double> pick) => Median(group.Select(r => pick(r.Requests)));
            Console.WriteLine(FormattableString.Invariant(
                $"| {(group.Key == 0 ? "1 (single process)" : $"{group.Key} workers")} | {rows:N0} | {wall:F1} | {baseline / wall:F2}x | {cpu:F1} | {1e9 * cpu / rows:F0} | {M(q => q.Lake):N0} | {M(q => q.HubBlobs):N0} | {M(q => q.HubQueues):N0} | {M(q => q.HubTables):N0} | {M(q => q.Lake + q.HubBlobs + q.HubQueues + q.HubTables):N0} | {M(q => q.EmulatorCpuSeconds):F1} |"));
        }
    }

    private static double Median(IEnumerable<double> values)
    {
        double[] sorted = [.. values.Order()];
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2;
    }

    private static string Invariant(double value) => value.ToString(CultureInfo.InvariantCulture);

    [GeneratedRegex(@"^(?<files>\d+) files ingested .*?= (?<accepted>\d+) accepted", RegexOptions.Multiline)]
    private static partial Regex IngestSummary();

    [LibraryImport("libc", EntryPoint = "getrusage", SetLastError = true)]
    private static partial int GetResourceUsage(int who, [Out] long[] usage);
}
