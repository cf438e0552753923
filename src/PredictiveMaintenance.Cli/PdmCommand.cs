using System.CommandLine;
using PredictiveMaintenance.Cli.Commands;

namespace PredictiveMaintenance.Cli;

/// <summary>The <c>pdm</c> root command and its subcommands.</summary>
internal static class PdmCommand
{
    /// <summary>Parses and runs a command line; a malformed command line prints its errors and exits with <see cref="ExitCodes.Usage"/>.</summary>
    public static async Task<int> InvokeAsync(string[] args, TextWriter output, TextWriter error, CancellationToken cancellationToken = default)
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

        return await parse.InvokeAsync(new InvocationConfiguration { Output = output, Error = error }, cancellationToken);
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
            RunsCommand.Create(),
            ModelsCommand.Create(),
            PromoteCommand.Create(),
            SimulateCommand.Create(),
        };
        return root;
    }
}
