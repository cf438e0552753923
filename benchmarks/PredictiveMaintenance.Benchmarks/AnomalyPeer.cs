using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace PredictiveMaintenance.Benchmarks;

/// <summary>
/// scikit-learn's IsolationForest in a long-lived Python process (benchmarks/peers/isolation_forest_peer.py), so that a
/// benchmark invocation times one fit or score, not the interpreter's start-up or the data loading. The process inherits
/// the benchmark's CPU affinity, and runs with one BLAS/OpenMP thread and <c>n_jobs=1</c>.
/// </summary>
public sealed class AnomalyPeer : IDisposable
{
    private const string Python = "/usr/bin/python3";
    private readonly Process _process;
    private readonly string _folder;

    private AnomalyPeer(Process process, string folder)
    {
        _process = process;
        _folder = folder;
    }

    /// <summary>Starts the peer on training and test rows written as CSV; a test row may end with a 0/1 label.</summary>
    /// <param name="train">Training rows.</param>
    /// <param name="test">Test rows.</param>
    /// <param name="columns">Feature columns.</param>
    /// <param name="labels">Test labels, or null.</param>
    /// <param name="folder">Where to write the two CSV files; a new folder, deleted with the peer.</param>
    /// <returns>The peer, with its data loaded.</returns>
    public static AnomalyPeer Start(ReadOnlySpan<double> train, ReadOnlySpan<double> test, int columns, bool[]? labels, string folder)
    {
        Directory.CreateDirectory(folder);
        string trainPath = Path.Combine(folder, "train.csv"), testPath = Path.Combine(folder, "test.csv");
        WriteCsv(trainPath, train, columns, null);
        WriteCsv(testPath, test, columns, labels);
        var start = new ProcessStartInfo(Python, [ScriptPath(), trainPath, testPath, "0"])
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        foreach (string variable in new[] { "OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS" })
        {
            start.Environment[variable] = "1";
        }

        var peer = new AnomalyPeer(Process.Start(start) ?? throw new InvalidOperationException($"Cannot start {Python}."), folder);
        string? ready = peer._process.StandardOutput.ReadLine();
        if (ready is null || !ready.StartsWith("ready", StringComparison.Ordinal))
        {
            peer.Dispose();
            throw new InvalidOperationException($"The scikit-learn peer did not start: '{ready}'.");
        }

        return peer;
    }

    /// <summary>Sends a command (fit, score, fitscore, auc) and returns the number it answers (seconds, or the AUC).</summary>
    /// <param name="command">The command.</param>
    public double Run(string command)
    {
        _process.StandardInput.WriteLine(command);
        _process.StandardInput.Flush();
        string reply = _process.StandardOutput.ReadLine() ?? throw new InvalidOperationException("The scikit-learn peer exited.");
        return reply.StartsWith("ok ", StringComparison.Ordinal)
            ? double.Parse(reply.AsSpan(3), CultureInfo.InvariantCulture)
            : throw new InvalidOperationException($"The scikit-learn peer answered '{reply}' to '{command}'.");
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.StandardInput.WriteLine("quit");
            _process.StandardInput.Flush();
            _process.WaitForExit(10_000);
        }

        _process.Dispose();
        Directory.Delete(_folder, recursive: true);
    }

    private static string ScriptPath()
    {
        // BenchmarkDotNet runs from a generated project below bin/; the script is found from there up to the repository.
        foreach (string start in new[] { AppContext.BaseDirectory, Directory.GetCurrentDirectory() })
        {
            for (DirectoryInfo? dir = new(start); dir is not null; dir = dir.Parent)
            {
                string candidate = Path.Combine(dir.FullName, "benchmarks", "peers", "isolation_forest_peer.py");
                if (File.Exists(candidate))
                {
                    return candidate;
                }
            }
        }

        throw new FileNotFoundException("benchmarks/peers/isolation_forest_peer.py was not found above the benchmark's folder.");
    }

    private static void WriteCsv(string path, ReadOnlySpan<double> values, int columns, bool[]? labels)
    {
        var text = new StringBuilder(values.Length * 20);
        for (int r = 0; r < values.Length / columns; r++)
        {
            for (int c = 0; c < columns; c++)
            {
                text.Append(values[(r * columns) + c].ToString("R", CultureInfo.InvariantCulture)).Append(c + 1 < columns || labels is not null ? "," : "");
            }

            if (labels is not null)
            {
                text.Append(labels[r] ? '1' : '0');
            }

            text.Append('\n');
        }

        File.WriteAllText(path, text.ToString());
    }
}
