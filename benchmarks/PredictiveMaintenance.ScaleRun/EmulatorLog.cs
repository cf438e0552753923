using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;

namespace PredictiveMaintenance.ScaleRun;

/// <summary>
/// The requests an Azurite instance received, read from its debug log (<c>azurite --debug &lt;file&gt;</c>), which
/// writes one <c>...StorageContextMiddleware: RequestMethod=...</c> line per request of each service; and the CPU
/// time of that instance's processes (those whose command line names the log).
/// </summary>
internal sealed partial class EmulatorLog
{
    private readonly string _path;
    private readonly Process[] _processes;

    public EmulatorLog(string path)
    {
        _path = Path.GetFullPath(path);
        if (!File.Exists(_path))
        {
            throw new FileNotFoundException($"No Azurite debug log at {_path}: start Azurite with --debug {_path}.", _path);
        }

        _processes = [.. Directory.GetDirectories("/proc").Select(d => Path.GetFileName(d)).Where(n => n.All(char.IsAsciiDigit))
            .Where(n => ReadCommandLine(n).Contains(_path, StringComparison.Ordinal)).Select(n => Process.GetProcessById(int.Parse(n, System.Globalization.CultureInfo.InvariantCulture)))];
        if (_processes.Length == 0)
        {
            throw new InvalidOperationException($"No running process names {_path} on its command line: is Azurite running with --debug {_path}?");
        }
    }

    /// <summary>Where the log ends now, and the emulator's CPU time so far.</summary>
    public Mark Begin() => new(new FileInfo(_path).Length, Cpu());

    /// <summary>The requests logged since <paramref name="mark"/>, by what they went to: the lake's container, or the task hub's containers, queues and tables.</summary>
    public StorageRequests End(Mark mark, string container, string? hub)
    {
        double cpu = (Cpu() - mark.Cpu).TotalSeconds;
        long end = new FileInfo(_path).Length;
        using var log = new FileStream(_path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        log.Position = mark.Offset;
        byte[] logged = new byte[end - mark.Offset];
        log.ReadExactly(logged);
        long lake = 0, hubBlobs = 0, hubQueues = 0, hubTables = 0, other = 0;
        foreach (Match request in Request().Matches(Encoding.UTF8.GetString(logged)))
        {
            string service = request.Groups["service"].Value;
            string target = request.Groups["target"].Value;
            bool ofHub = hub is not null && target.StartsWith(hub, StringComparison.OrdinalIgnoreCase);
            _ = (service, ofHub) switch
            {
                ("Blob", _) when target == container => lake++,
                ("Blob", true) => hubBlobs++,
                ("Queue", true) => hubQueues++,
                ("Table", true) => hubTables++,
                _ => other++,
            };
        }

        return new StorageRequests(lake, hubBlobs, hubQueues, hubTables, other, cpu);
    }

    private TimeSpan Cpu() => _processes.Aggregate(TimeSpan.Zero, (sum, p) =>
    {
        p.Refresh();
        return sum + p.TotalProcessorTime;
    });

    private static string ReadCommandLine(string pid)
    {
        try
        {
            return File.ReadAllText($"/proc/{pid}/cmdline").Replace('\0', ' ');
        }
        catch (IOException)
        {
            return "";
        }
        catch (UnauthorizedAccessException)
        {
            return "";
        }
    }

    [GeneratedRegex(@"(?<service>Blob|Queue|Table)StorageContextMiddleware: RequestMethod=\w+ RequestURL=\S+?//[^/]+/[^/]+/(?<target>[A-Za-z0-9-]*)")]
    private static partial Regex Request();

    /// <summary>A point in the log and the emulator's CPU time then.</summary>
    internal readonly record struct Mark(long Offset, TimeSpan Cpu);
}

/// <summary>The requests of one batch run, by what they went to.</summary>
/// <param name="Lake">To the lake's container: staged files, tables, state.</param>
/// <param name="HubBlobs">To the task hub's containers (leases, large messages).</param>
/// <param name="HubQueues">To the task hub's control and work-item queues (polls included).</param>
/// <param name="HubTables">To the task hub's History, Instances and Partitions tables.</param>
/// <param name="Other">To anything else (another client of the emulator).</param>
/// <param name="EmulatorCpuSeconds">The emulator's CPU time meanwhile.</param>
internal sealed record StorageRequests(long Lake, long HubBlobs, long HubQueues, long HubTables, long Other, double EmulatorCpuSeconds);
