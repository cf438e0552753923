using PredictiveMaintenance.Cli.Display;

namespace PredictiveMaintenance.Cli.Tests;

/// <summary>Runs <c>pdm</c> in process and captures what it prints.</summary>
internal static class Pdm
{
    public static string Data(params string[] parts) => Path.Combine([AppContext.BaseDirectory, "data", .. parts]);

    public static Task<(int ExitCode, string Output, string Error)> RunAsync(params string[] args) => RunAsync(Terminal.Plain, args);

    /// <summary>Runs <c>pdm</c> as if its output were <paramref name="terminal"/> (a terminal, to see live progress).</summary>
    public static async Task<(int ExitCode, string Output, string Error)> RunAsync(Terminal terminal, params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        int exitCode = await PdmCommand.InvokeAsync(args, output, error, terminal);
        return (exitCode, output.ToString(), error.ToString());
    }

    /// <summary>The cells of the rows of the ASCII tables in <paramref name="output"/> (header rows included), trimmed.</summary>
    public static List<string[]> TableRows(string output) =>
    [
        .. output.Split(Environment.NewLine)
            .Where(line => line.StartsWith("| ", StringComparison.Ordinal))
            .Select(line => line.Trim('|').Split('|').Select(cell => cell.Trim()).ToArray()),
    ];
}
