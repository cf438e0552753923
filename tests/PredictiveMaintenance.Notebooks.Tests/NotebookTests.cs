using Xunit.Abstractions;

namespace PredictiveMaintenance.Notebooks.Tests;

public sealed class NotebookTests(ITestOutputHelper log) : IDisposable
{
    private static readonly string NotebookFolder = Path.Combine(RepositoryRoot(), "samples", "notebooks");

    private readonly string _temp = Directory.CreateTempSubdirectory("pdm-notebook-test-").FullName;

    public void Dispose() => Directory.Delete(_temp, recursive: true);

    // Every notebook in samples/notebooks, so a new one is checked without touching this file.
    public static TheoryData<string> ShippedNotebooks() => [.. NotebookNames()];

    [Fact]
    public void ShippedNotebooks_Folder_HoldsTheFeatureAndModelNotebooks()
    {
        Assert.Equal(["anomaly-models.ipynb", "features.ipynb"], NotebookNames());
    }

    [Theory]
    [MemberData(nameof(ShippedNotebooks))]
    public async Task RunAsync_ShippedNotebook_EveryCellRuns(string name)
    {
        string output = await NotebookRunner.RunAsync(Path.Combine(NotebookFolder, name), CancellationToken.None);

        // What a reader would see under the cells; shown with `--logger "console;verbosity=detailed"`.
        log.WriteLine(output);
        Assert.NotEmpty(output);
    }

    [Fact]
    public async Task RunAsync_ModelNotebook_PrintsTheEvaluation()
    {
        string output = await NotebookRunner.RunAsync(Path.Combine(NotebookFolder, "anomaly-models.ipynb"), CancellationToken.None);

        Assert.Contains("rows precede a failure within 48 hours", output, StringComparison.Ordinal);
        Assert.Matches(@"precision \d\.\d{3}, recall \d\.\d{3}, F1 \d\.\d{3}, ROC-AUC \d\.\d{3}", output);
    }

    [Fact]
    public async Task RunAsync_CellThrows_NamesTheCellAndTheException()
    {
        string path = WriteNotebook("int answer = 42;", "throw new InvalidOperationException($\"broken after {answer}\");");

        var e = await Assert.ThrowsAsync<NotebookCellException>(() => NotebookRunner.RunAsync(path, CancellationToken.None));

        Assert.StartsWith($"{Path.GetFileName(path)}, cell 3 threw InvalidOperationException: broken after 42", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_CellDoesNotCompile_NamesTheCellAndTheDiagnostic()
    {
        string path = WriteNotebook("int answer = 42;", "string text = answer;");

        var e = await Assert.ThrowsAsync<NotebookCellException>(() => NotebookRunner.RunAsync(path, CancellationToken.None));

        Assert.StartsWith($"{Path.GetFileName(path)}, cell 3 does not compile:", e.Message, StringComparison.Ordinal);
        Assert.Contains("error CS0029: Cannot implicitly convert type 'int' to 'string'", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_PackageReference_UsesTheLocalBuild()
    {
        string path = WriteNotebook(
            "#r \"nuget: PredictiveMaintenance.Features, 0.1.0\"",
            "Console.Write(typeof(PredictiveMaintenance.Features.FeatureSpec).Assembly.Location);");

        string output = await NotebookRunner.RunAsync(path, CancellationToken.None);

        Assert.Equal(typeof(Features.FeatureSpec).Assembly.Location, output);
    }

    [Fact]
    public async Task RunAsync_OtherPackage_IsRefused()
    {
        string path = WriteNotebook("#r \"nuget: Newtonsoft.Json, 13.0.3\"");

        var e = await Assert.ThrowsAsync<NotebookCellException>(() => NotebookRunner.RunAsync(path, CancellationToken.None));

        Assert.Equal($"{Path.GetFileName(path)}, cell 2: package 'Newtonsoft.Json' is not built here; reference only PredictiveMaintenance packages, whose dependencies come with them.", e.Message);
    }

    // A notebook with a markdown cell first, so cell numbers count every cell as Polyglot shows them.
    private string WriteNotebook(params string[] codeCells)
    {
        var cells = new List<object> { new { cell_type = "markdown", metadata = new { }, source = new[] { "# test" } } };
        cells.AddRange(codeCells.Select(code => new
        {
            cell_type = "code",
            metadata = new { polyglot_notebook = new { kernelName = "csharp" } },
            outputs = Array.Empty<object>(),
            source = new[] { code },
        }));
        string path = Path.Combine(_temp, "broken.ipynb");
        File.WriteAllText(path, System.Text.Json.JsonSerializer.Serialize(new { cells, nbformat = 4, nbformat_minor = 5 }));
        return path;
    }

    private static string[] NotebookNames() =>
        [.. Directory.EnumerateFiles(NotebookFolder, "*.ipynb").Select(Path.GetFileName).Order(StringComparer.Ordinal)!];

    private static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "PredictiveMaintenance.sln")))
            {
                return directory.FullName;
            }
        }

        throw new DirectoryNotFoundException($"No PredictiveMaintenance.sln above {AppContext.BaseDirectory}.");
    }
}
