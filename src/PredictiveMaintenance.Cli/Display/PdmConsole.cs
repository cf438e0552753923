using Spectre.Console;
using Spectre.Console.Rendering;

namespace PredictiveMaintenance.Cli.Display;

/// <summary>
/// One command's output: plain lines through <see cref="Writer"/>, tables and live progress through Spectre.Console
/// on the same writer. Live progress is drawn only on a terminal and without <c>--no-progress</c>; elsewhere the work
/// runs with progress tasks nobody draws, so the output holds the summary lines and tables only, without escapes.
/// </summary>
internal sealed class PdmConsole
{
    private PdmConsole(TextWriter writer, IAnsiConsole ansi, Terminal terminal, bool showsProgress)
    {
        Writer = writer;
        Ansi = ansi;
        Terminal = terminal;
        ShowsProgress = showsProgress;
    }

    /// <summary>The output stream, for the plain lines scripts read (<c>wrote &lt;path&gt;</c>).</summary>
    public TextWriter Writer { get; }

    /// <summary>The Spectre console writing to <see cref="Writer"/>.</summary>
    public IAnsiConsole Ansi { get; }

    /// <summary>What the output stream is.</summary>
    public Terminal Terminal { get; }

    /// <summary>Whether long steps draw a live progress display.</summary>
    public bool ShowsProgress { get; }

    /// <summary>A console writing to <paramref name="writer"/>, which is the output <paramref name="terminal"/> describes.</summary>
    public static PdmConsole Create(TextWriter writer, Terminal terminal, bool noProgress)
    {
        IAnsiConsole ansi = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(writer),
            // Every terminal .NET runs on outside Windows reads ANSI escapes; on Windows Spectre's detection also
            // switches the console to virtual-terminal mode.
            Ansi = !terminal.Interactive ? AnsiSupport.No : OperatingSystem.IsWindows() ? AnsiSupport.Detect : AnsiSupport.Yes,
            ColorSystem = terminal.Color ? ColorSystemSupport.Detect : ColorSystemSupport.NoColors,
            Interactive = terminal.Interactive ? InteractionSupport.Yes : InteractionSupport.No,
        });
        ansi.Profile.Width = terminal.Width;
        return new PdmConsole(writer, ansi, terminal, terminal.Interactive && !noProgress);
    }

    /// <summary>Runs <paramref name="work"/> with a live progress display when <see cref="ShowsProgress"/>; the display is cleared at the end, before the summary.</summary>
    public async Task<T> WithProgressAsync<T>(Func<ProgressBoard, Task<T>> work)
    {
        if (!ShowsProgress)
        {
            return await work(new ProgressBoard(null));
        }

        return await Ansi.Progress()
            .AutoClear(true)
            .Columns(new SpinnerColumn(), new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
            .StartAsync(context => work(new ProgressBoard(context)));
    }

    /// <summary>Runs <paramref name="work"/> with a live progress display when <see cref="ShowsProgress"/>; the display is cleared at the end, before the summary.</summary>
    public Task WithProgressAsync(Func<ProgressBoard, Task> work) => WithProgressAsync(async board =>
    {
        await work(board);
        return true;
    });

    /// <summary>A table with these column headers, drawn with rounded lines on a terminal and in plain ASCII elsewhere.</summary>
    /// <param name="columns">The headers; a header starting with '>' is a right-aligned (numeric) column, the '>' not shown.</param>
    public Table CreateTable(params string[] columns)
    {
        var table = new Table { Border = Terminal.Interactive ? TableBorder.Rounded : TableBorder.Ascii };
        foreach (string column in columns)
        {
            bool numeric = column.StartsWith('>');
            table.AddColumn(new TableColumn(new Text(numeric ? column[1..] : column)) { Alignment = numeric ? Justify.Right : Justify.Left });
        }

        return table;
    }

    /// <summary>Writes a table.</summary>
    public void Write(Table table) => Ansi.Write(table);

    /// <summary>Adds a row of plain text cells: file names and messages are never read as Spectre markup.</summary>
    public static void AddRow(Table table, params string[] cells) => table.AddRow([.. cells.Select(c => (IRenderable)new Text(c))]);
}
