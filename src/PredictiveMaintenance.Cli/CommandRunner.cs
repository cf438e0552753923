using System.CommandLine;
using PredictiveMaintenance.Cli.Display;
using PredictiveMaintenance.Pipeline;
using PredictiveMaintenance.Tracking;

namespace PredictiveMaintenance.Cli;

/// <summary>Runs a command's work and turns the failures users can cause into exit codes and one clear message.</summary>
internal static class CommandRunner
{
    /// <summary>Runs <paramref name="work"/>, printing a known failure's message to the error writer with its exit code.</summary>
    public static Task<int> RunAsync(ParseResult parseResult, Func<TextWriter, Task> work) => RunAsync(parseResult, console => work(console.Writer));

    /// <summary>Runs <paramref name="work"/> with the output as a <see cref="PdmConsole"/> (tables, progress), printing a known failure's message to the error writer with its exit code.</summary>
    public static async Task<int> RunAsync(ParseResult parseResult, Func<PdmConsole, Task> work)
    {
        TextWriter output = parseResult.InvocationConfiguration.Output;
        TextWriter error = parseResult.InvocationConfiguration.Error;
        Terminal terminal = (parseResult.InvocationConfiguration as PdmInvocation)?.Terminal ?? Terminal.Plain;
        try
        {
            await work(PdmConsole.Create(output, terminal, parseResult.GetValue<bool>(PdmCommand.NoProgressName)));
            return ExitCodes.Success;
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException or UnauthorizedAccessException or ModelNotFoundException)
        {
            await error.WriteLineAsync($"pdm: {e.Message}");
            return ExitCodes.InputNotFound;
        }
        catch (PromotionRefusedException)
        {
            return ExitCodes.NotPromoted;
        }
        catch (PipelineBusyException e)
        {
            await error.WriteLineAsync($"pdm: {e.Message}");
            return ExitCodes.Busy;
        }
        catch (PipelineConfigurationException e)
        {
            await error.WriteLineAsync($"pdm: {e.Message}");
            return ExitCodes.InvalidConfiguration;
        }
        catch (PredictiveMaintenanceException e)
        {
            await error.WriteLineAsync($"pdm: {e.Message}");
            return ExitCodes.BadData;
        }
        catch (ArgumentException e)
        {
            await error.WriteLineAsync($"pdm: {e.Message}");
            return ExitCodes.Usage;
        }
    }
}

/// <summary>A promotion the rule refused; the command has printed why, and exits with <see cref="ExitCodes.NotPromoted"/>.</summary>
internal sealed class PromotionRefusedException(string reason) : Exception(reason);

/// <summary>An invocation of <c>pdm</c> that knows what its output stream is.</summary>
internal sealed class PdmInvocation(Terminal terminal) : InvocationConfiguration
{
    /// <summary>What the output stream is.</summary>
    public Terminal Terminal { get; } = terminal;
}
