using System.CommandLine;
using PredictiveMaintenance.Cli.Commands;
using PredictiveMaintenance.Cli.Display;

namespace PredictiveMaintenance.Cli;

/// <summary>The <c>pdm</c> root command and its subcommands.</summary>
internal static class PdmCommand
{
    /// <summary>The global option that turns live progress displays off.</summary>
    public const string NoProgressName = "--no-progress";

    /// <summary>Parses and runs a command line writing to writers that are not a terminal (a file, a pipe, a test).</summary>
    public static Task<int> InvokeAsync(string[] args, TextWriter output, TextWriter error, CancellationToken cancellationToken = default) =>
        InvokeAsync(args, output, error, Terminal.Plain, cancellationToken);

    /// <summary>Parses and runs a command line; a malformed command line prints its errors and exits with <see cref="ExitCodes.Usage"/>.</summary>
    /// <param name="args">The arguments.</param>
    /// <param name="output">Where summaries, tables and progress go.</param>
    /// <param name="error">Where error messages go.</param>
    /// <param name="terminal">What <paramref name="output"/> is: live progress and escapes are written only to a terminal.</param>
    /// <param name="cancellationToken">Cancels the command (Ctrl+C).</param>
    public static async Task<int> InvokeAsync(string[] args, TextWriter output, TextWriter error, Terminal terminal, CancellationToken cancellationToken = default)
    {
        ParseResult parse = Create().Parse(args);
        if (parse.Errors.Count > 0 && parse.Action is not System.CommandLine.Help.HelpAction)
        {
            foreach (System.CommandLine.Parsing.ParseError e in parse.Errors)
            {
                await error.WriteLineAsync($"pdm: {e.Message}");
            }

            await error.WriteLineAsync("Run 'pdm --help' or 'pdm <command> --help' for usage.");
            return ExitCodes.Usage;
        }

        return await parse.InvokeAsync(new PdmInvocation(terminal) { Output = output, Error = error }, cancellationToken);
    }

    public static RootCommand Create()
    {
        var root = new RootCommand("pdm: predictive maintenance from the command line. Every command has --help.")
        {
            InspectCommand.Create(),
            FeaturesCommand.Create(),
            TableCommand.Create(),
            ReportCommand.Create(),
            InitCommand.Create(),
            IngestCommand.Create(),
            TrainCommand.Create(),
            ScoreCommand.Create(),
            RunCommand.Create(),
            DistributedCommand.CreateWorker(),
            DistributedCommand.CreateStatus(),
            RunsCommand.Create(),
            ModelsCommand.Create(),
            PromoteCommand.Create(),
            ServeCommand.Create(),
            SimulateCommand.Create(),
            DatasetCommand.Create(),
        };
        root.Add(new Option<bool>(NoProgressName)
        {
            Description = "Draw no live progress bars, even on a terminal (they are never drawn when the output is redirected). Summaries and tables are still printed.",
            Recursive = true,
        });
        return root;
    }
}
