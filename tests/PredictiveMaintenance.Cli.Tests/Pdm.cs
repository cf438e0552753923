namespace PredictiveMaintenance.Cli.Tests;

/// <summary>Runs <c>pdm</c> in process and captures what it prints.</summary>
internal static class Pdm
{
    public static string Data(params string[] parts) => Path.Combine([AppContext.BaseDirectory, "data", .. parts]);

    public static async Task<(int ExitCode, string Output, string Error)> RunAsync(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        int exitCode = await PdmCommand.InvokeAsync(args, output, error);
        return (exitCode, output.ToString(), error.ToString());
    }
}
