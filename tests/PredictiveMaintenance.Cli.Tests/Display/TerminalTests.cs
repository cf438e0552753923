using PredictiveMaintenance.Cli.Display;

namespace PredictiveMaintenance.Cli.Tests.Display;

public class TerminalTests
{
    [Fact]
    public void Describe_OutputRedirected_IsPlainWhateverTheEnvironment()
    {
        Assert.Same(Terminal.Plain, Terminal.Describe(outputRedirected: true, _ => null, width: 120));
        Assert.Equal(new Terminal(Interactive: false, Color: false, Width: 240), Terminal.Plain);
    }

    [Fact]
    public void Describe_TerminalWithoutNoColor_IsInteractiveInColourAtItsWidth() =>
        Assert.Equal(new Terminal(Interactive: true, Color: true, Width: 120), Terminal.Describe(outputRedirected: false, _ => null, width: 120));

    [Theory]
    [InlineData("1", false)]
    [InlineData("true", false)]
    [InlineData("", true)]
    public void Describe_NoColorSet_TurnsColourOffOnlyWhenNotEmpty(string value, bool color) =>
        Assert.Equal(new Terminal(Interactive: true, Color: color, Width: 80), Terminal.Describe(outputRedirected: false, name => name == "NO_COLOR" ? value : null, width: 0));
}
