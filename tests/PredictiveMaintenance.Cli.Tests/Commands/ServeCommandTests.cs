namespace PredictiveMaintenance.Cli.Tests.Commands;

public sealed class ServeCommandTests
{
    [Fact]
    public async Task Serve_NoTrackingStoreThere_ExitsInputNotFoundNamingIt()
    {
        string folder = Directory.CreateTempSubdirectory("pdm-serve-").FullName;
        try
        {
            (int exit, string output, string error) = await Pdm.RunAsync("serve", "--tracking", folder, "--model", "pump@champion", "--port", "0");

            Assert.Equal((ExitCodes.InputNotFound, string.Empty), (exit, output));
            Assert.Equal($"pdm: {folder} holds no tracking store: there is no {Path.Combine(folder, "tracking-store.json")}.{Environment.NewLine}", error);
            Assert.Empty(Directory.EnumerateFileSystemEntries(folder));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public async Task Serve_NotAModelReference_ExitsUsageShowingTheForms()
    {
        (int exit, _, string error) = await Pdm.RunAsync("serve", "--tracking", "mlruns", "--model", "pump");

        Assert.Equal(ExitCodes.Usage, exit);
        Assert.StartsWith("pdm: 'pump' is not a model reference; write name/3 (a version), name@champion", error, StringComparison.Ordinal);
    }
}
