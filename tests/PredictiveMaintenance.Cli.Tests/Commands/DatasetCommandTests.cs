namespace PredictiveMaintenance.Cli.Tests.Commands;

public sealed class DatasetCommandTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "pdm-cli-dataset-tests", Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_root))
        {
            Directory.Delete(_root, recursive: true);
        }
    }

    [Fact]
    public async Task List_BuildOfTheRepository_ListsEveryShippedDataSetWithItsFilesRowsAndBytes()
    {
        (int exit, string output, string error) = await Pdm.RunAsync("dataset", "list");

        Assert.Equal((0, string.Empty), (exit, error));
        List<string[]> rows = Pdm.TableRows(output);
        Assert.Equal(["name", "description", "files", "rows", "bytes", "licence"], rows[0]);
        Assert.Equal(["azure-pdm", "6", "51,266", Bytes("azure-pdm"), "not stated upstream"], Summary(rows[1]));
        Assert.Equal(["cmapss", "5", "33,827", Bytes("cmapss"), "NASA public data (cite PHM08)"], Summary(rows[2]));
        Assert.Equal(["skab", "18", "27,565", Bytes("skab"), "GPL-3.0: samples and tests only"], Summary(rows[3]));
        Assert.Equal(4, rows.Count);
        Assert.EndsWith($"Sources, licences and checksums: PROVENANCE.md in each data set (extract copies it). Nothing is downloaded.{Environment.NewLine}", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Info_Skab_ListsEachFileWithItsDataRows()
    {
        (int exit, string output, string error) = await Pdm.RunAsync("dataset", "info", "skab");

        Assert.Equal((0, string.Empty), (exit, error));
        Assert.StartsWith("skab: Skoltech Anomaly Benchmark v0.9: valve1 experiments 0-15 and the anomaly-free run", output, StringComparison.Ordinal);
        List<string[]> rows = Pdm.TableRows(output);
        Assert.Equal(["file", "rows", "bytes"], rows[0]);
        Assert.Equal(["PROVENANCE.md", string.Empty], rows[1][..2]);
        Assert.Equal(["anomaly-free/anomaly-free.csv", "9,405", "814,703"], rows[2]);
        Assert.Equal(["valve1/0.csv", "1,147", "110,346"], rows[3]);
        Assert.Equal(1 + 18, rows.Count);
    }

    [Fact]
    public async Task Extract_Cmapss_WritesTheShippedFilesByteForByte()
    {
        string target = Path.Combine(_root, "cmapss");

        (int exit, string output, string error) = await Pdm.RunAsync("dataset", "extract", "cmapss", target);

        Assert.Equal((0, string.Empty), (exit, error));
        string[] shipped = [.. Directory.GetFiles(Pdm.Data("cmapss")).Select(Path.GetFileName).Order(StringComparer.Ordinal)!];
        Assert.Equal(["PROVENANCE.md", "RUL_FD001.txt", "readme.txt", "test_FD001.txt.gz", "train_FD001.txt.gz"], shipped);
        Assert.Equal(shipped, Directory.GetFiles(target).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        foreach (string file in shipped)
        {
            Assert.Equal(await File.ReadAllBytesAsync(Pdm.Data("cmapss", file)), await File.ReadAllBytesAsync(Path.Combine(target, file)));
        }

        Assert.Equal(
            [$"cmapss: 5 files, {Bytes("cmapss")} bytes (NASA public data (cite PHM08))", $"wrote {target}", string.Empty],
            output.Split(Environment.NewLine));
    }

    [Fact]
    public async Task Extract_Skab_KeepsTheSubfolders()
    {
        string target = Path.Combine(_root, "skab");

        (int exit, _, _) = await Pdm.RunAsync("dataset", "extract", "skab", target);

        Assert.Equal(0, exit);
        Assert.Equal(await File.ReadAllBytesAsync(Pdm.Data("skab", "valve1", "7.csv")), await File.ReadAllBytesAsync(Path.Combine(target, "valve1", "7.csv")));
        Assert.Equal(16, Directory.GetFiles(Path.Combine(target, "valve1")).Length);
    }

    [Fact]
    public async Task Extract_UnknownName_ExitsInputNotFoundNamingTheShippedOnes()
    {
        (int exit, string output, string error) = await Pdm.RunAsync("dataset", "extract", "turbofan", Path.Combine(_root, "x"));

        Assert.Equal(ExitCodes.InputNotFound, exit);
        Assert.Equal(string.Empty, output);
        Assert.Equal($"pdm: No data set 'turbofan'; the shipped data sets are azure-pdm, cmapss, skab.{Environment.NewLine}", error);
        Assert.False(Directory.Exists(_root));
    }

    [Fact]
    public async Task Extract_FolderNotEmpty_IsRefusedWithoutForceAndOverwrittenWithIt()
    {
        string target = Path.Combine(_root, "azure");
        Directory.CreateDirectory(target);
        string mine = Path.Combine(target, "PdM_machines.csv.gz");
        await File.WriteAllTextAsync(mine, "mine");

        (int refused, _, string error) = await Pdm.RunAsync("dataset", "extract", "azure-pdm", target);

        Assert.Equal(ExitCodes.Usage, refused);
        Assert.Equal($"pdm: '{target}' is not empty; pass --force to write into it, replacing files of the same names.{Environment.NewLine}", error);
        Assert.Equal("mine", await File.ReadAllTextAsync(mine));
        Assert.Single(Directory.GetFiles(target));

        (int forced, _, _) = await Pdm.RunAsync("dataset", "extract", "azure-pdm", target, "--force");

        Assert.Equal(0, forced);
        Assert.Equal(await File.ReadAllBytesAsync(Pdm.Data("azure-pdm", "PdM_machines.csv.gz")), await File.ReadAllBytesAsync(mine));
        Assert.Equal(6, Directory.GetFiles(target).Length);
    }

    /// <summary>A data set row's name, files, rows, bytes and licence (the description is pinned by the info test).</summary>
    private static string[] Summary(string[] row) => [row[0], row[2], row[3], row[4], row[5]];

    private static string Bytes(string dataset) =>
        Directory.GetFiles(Pdm.Data(dataset), "*", SearchOption.AllDirectories).Sum(f => new FileInfo(f).Length).ToString("N0", System.Globalization.CultureInfo.InvariantCulture);
}
