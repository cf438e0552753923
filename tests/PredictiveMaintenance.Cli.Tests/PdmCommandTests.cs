using System.CommandLine;
using System.Reflection;

namespace PredictiveMaintenance.Cli.Tests;

public class PdmCommandTests
{
    public static TheoryData<string> CommandPaths() => [.. Paths()];

    [Fact]
    public void Create_CommandTree_HasEveryCommandAndSubcommand() =>
        Assert.Equal(
            [string.Empty, "inspect", "features", "table", "table info", "table export", "report", "init", "ingest", "train", "score", "run", "worker", "status", "runs", "models", "promote", "serve", "simulate", "dataset", "dataset list", "dataset info", "dataset extract"],
            Paths());

    private static List<string> Paths()
    {
        var paths = new List<string>();
        void Walk(Command command, string path)
        {
            paths.Add(path);
            foreach (Command sub in command.Subcommands)
            {
                Walk(sub, path.Length == 0 ? sub.Name : $"{path} {sub.Name}");
            }
        }

        Walk(PdmCommand.Create(), string.Empty);
        return paths;
    }

    [Theory]
    [MemberData(nameof(CommandPaths))]
    public async Task Help_EveryCommand_ExitsZeroWithItsDescriptionAndTheGlobalOptions(string path)
    {
        Command command = path.Split(' ', StringSplitOptions.RemoveEmptyEntries).Aggregate((Command)PdmCommand.Create(), (c, name) => c.Subcommands.Single(s => s.Name == name));

        (int exit, string output, string error) = await Pdm.RunAsync([.. path.Split(' ', StringSplitOptions.RemoveEmptyEntries), "--help"]);

        Assert.Equal((0, string.Empty), (exit, error));
        Assert.False(string.IsNullOrWhiteSpace(command.Description));
        Assert.Contains(command.Description!.Split(' ')[0], output, StringComparison.Ordinal);
        Assert.Contains("Usage:", output, StringComparison.Ordinal);
        Assert.Contains("--no-progress", output, StringComparison.Ordinal);
        Assert.All(command.Subcommands, sub => Assert.False(string.IsNullOrWhiteSpace(sub.Description), $"'{path} {sub.Name}' has no description"));
        Assert.All(command.Options.Where(o => o is not System.CommandLine.Help.HelpOption and not VersionOption), o => Assert.False(string.IsNullOrWhiteSpace(o.Description), $"'{path} {o.Name}' has no description"));
    }

    [Fact]
    public void ExitCodes_EveryCode_IsInTheDocumentedTable()
    {
        string[] documented = [.. File.ReadAllLines(Path.Combine(AppContext.BaseDirectory, "docs", "cli.md"))
            .SkipWhile(line => line != "## Exit codes")
            .Where(line => line.StartsWith("| ", StringComparison.Ordinal) && char.IsAsciiDigit(line[2]))
            .Select(line => line.Split('|')[1].Trim())];
        int[] codes = [.. typeof(ExitCodes).GetFields(BindingFlags.Public | BindingFlags.Static).Select(f => (int)f.GetRawConstantValue()!).Order()];

        Assert.Equal([0, 1, 2, 3, 4, 5, 6, 7], codes);
        Assert.Equal(codes.Select(c => c.ToString(System.Globalization.CultureInfo.InvariantCulture)), documented);
    }
}
