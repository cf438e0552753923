namespace PredictiveMaintenance.Cli.Display;

/// <summary>What <c>pdm</c>'s output stream is: a terminal, which can show live progress and colour, or a file, a pipe or a test's writer.</summary>
/// <param name="Interactive">Whether the output is a terminal a person watches: live progress displays and ANSI escapes are written only then.</param>
/// <param name="Color">Whether colours may be used (a terminal, and <c>NO_COLOR</c> not set).</param>
/// <param name="Width">The width tables are laid out in, in characters.</param>
internal sealed record Terminal(bool Interactive, bool Color, int Width)
{
    /// <summary>
    /// A file, a pipe or a test's writer: no escapes, no live redraws, and tables as wide as they need (up to this width),
    /// so that a script reads whole lines.
    /// </summary>
    public static Terminal Plain { get; } = new(Interactive: false, Color: false, Width: 240);

    /// <summary>Describes the process's console output.</summary>
    public static Terminal OfConsole() =>
        Describe(Console.IsOutputRedirected, Environment.GetEnvironmentVariable, Console.IsOutputRedirected ? 0 : Console.WindowWidth);

    /// <summary>Describes an output stream from what the process knows of it.</summary>
    /// <param name="outputRedirected">Whether the output goes to a file or a pipe rather than a terminal.</param>
    /// <param name="environment">Reads an environment variable (<c>NO_COLOR</c>, https://no-color.org: any non-empty value turns colour off).</param>
    /// <param name="width">The terminal's width; ignored when the output is redirected.</param>
    public static Terminal Describe(bool outputRedirected, Func<string, string?> environment, int width) =>
        outputRedirected
            ? Plain
            : new Terminal(Interactive: true, Color: string.IsNullOrEmpty(environment("NO_COLOR")), Width: width > 0 ? width : 80);
}
