using System.Reflection;
using System.Text.RegularExpressions;
using System.Xml.Linq;

namespace PredictiveMaintenance.Architecture.Tests;

public partial class LayerEdgesTests
{
    private const string Prefix = "PredictiveMaintenance.";

    /// <summary>The ASP.NET Core shared framework, a FrameworkReference that the table lists with the packages.</summary>
    private const string AspNetCore = "Microsoft.AspNetCore.App";

    /// <summary>Namespace roots of the third-party packages, longest first, and the packages that provide each.</summary>
    private static readonly (string Namespace, string[] Packages)[] PackageNamespaces =
    [
        ("Microsoft.ML.Trainers.LightGbm", ["Microsoft.ML.LightGbm"]),
        ("Microsoft.ML.Trainers.FastTree", ["Microsoft.ML.FastTree"]),
        ("Microsoft.ML", ["Microsoft.ML", "Microsoft.ML.DataView"]),
        ("Microsoft.Data.Analysis", ["Microsoft.Data.Analysis"]),
        ("Microsoft.Extensions.Configuration", ["Microsoft.Extensions.Configuration.Binder", "Microsoft.Extensions.Configuration.Json", AspNetCore]),
        ("Microsoft.Extensions.Logging", ["Microsoft.Extensions.Logging.Abstractions", "Microsoft.Extensions.Logging.Console", AspNetCore]),
        ("Microsoft.Extensions.Options", ["Microsoft.Extensions.Options", AspNetCore]),
        ("Microsoft.Extensions.Hosting", [AspNetCore]),
        ("Microsoft.Extensions.DependencyInjection", [AspNetCore]),
        ("Microsoft.AspNetCore", [AspNetCore]),
        ("Microsoft.Net.Http.Headers", [AspNetCore]),
        ("DurableTask.AzureStorage", ["Microsoft.Azure.DurableTask.AzureStorage"]),
        ("DurableTask.Core", ["Microsoft.Azure.DurableTask.Core"]),
        ("Apache.Arrow", ["Apache.Arrow"]),
        ("Parquet", ["Parquet.Net"]),
        ("MathNet.Numerics", ["MathNet.Numerics"]),
        ("TorchSharp", ["TorchSharp"]),
        ("Cronos", ["Cronos"]),
        ("Spectre.Console", ["Spectre.Console"]),
        ("System.CommandLine", ["System.CommandLine"]),
    ];

    private static readonly string Root = typeof(LayerEdgesTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "RepositoryRoot").Value!;

    [Fact]
    public void Csprojs_HaveExactlyTheEdgesOfTheTableInConcepts()
    {
        Dictionary<string, Layer> allowed = AllowedLayers();
        Dictionary<string, Layer> actual = ProjectLayers();

        var problems = new List<string>();
        foreach (string name in actual.Keys.Union(allowed.Keys).Order(StringComparer.Ordinal))
        {
            if (!allowed.TryGetValue(name, out Layer? table))
            {
                problems.Add($"src/{Prefix}{name} has no row in docs/concepts.md");
                continue;
            }

            if (!actual.TryGetValue(name, out Layer? csproj))
            {
                problems.Add($"docs/concepts.md has a row for {name}, which src/ does not have");
                continue;
            }

            problems.AddRange(csproj.Projects.Except(table.Projects).Select(p => $"{name} → {p}: a new project edge; add it to docs/concepts.md only if the layering allows it"));
            problems.AddRange(table.Projects.Except(csproj.Projects).Select(p => $"{name} → {p}: in docs/concepts.md but not in the csproj; remove it from the table"));
            problems.AddRange(csproj.Packages.Except(table.Packages).Select(p => $"{name} → package {p}: not in docs/concepts.md"));
            problems.AddRange(table.Packages.Except(csproj.Packages).Select(p => $"{name} → package {p}: in docs/concepts.md but not in the csproj"));
        }

        Assert.True(problems.Count == 0, string.Join(Environment.NewLine, problems));
    }

    [Fact]
    public void Code_UsesOnlyPackagesItsCsprojReferences()
    {
        var problems = new List<string>();
        foreach ((string name, Layer layer) in ProjectLayers())
        {
            string folder = Path.Combine(Root, "src", Prefix + name);
            foreach (string file in Directory.EnumerateFiles(folder, "*.cs", SearchOption.AllDirectories).Where(f => !IsBuildOutput(folder, f)))
            {
                foreach (string used in UsedNamespaces(File.ReadAllText(file)))
                {
                    (string Namespace, string[] Packages) package = PackageNamespaces.FirstOrDefault(p => used == p.Namespace || used.StartsWith(p.Namespace + ".", StringComparison.Ordinal));
                    if (package.Packages is not null && !package.Packages.Any(layer.Packages.Contains))
                    {
                        problems.Add($"{Path.GetRelativePath(Root, file)} uses {used} but {name}'s csproj references none of {string.Join(", ", package.Packages)}");
                    }
                }
            }
        }

        Assert.True(problems.Count == 0, string.Join(Environment.NewLine, problems.Distinct()));
    }

    [Fact]
    public void TheTable_IsAcyclic()
    {
        Dictionary<string, Layer> allowed = AllowedLayers();
        var done = new HashSet<string>();
        var path = new List<string>();

        void Visit(string name)
        {
            if (path.Contains(name))
            {
                Assert.Fail($"docs/concepts.md has a cycle: {string.Join(" → ", path.SkipWhile(p => p != name).Append(name))}");
            }

            if (done.Add(name))
            {
                path.Add(name);
                foreach (string next in allowed[name].Projects)
                {
                    Visit(next);
                }

                path.RemoveAt(path.Count - 1);
            }
        }

        foreach (string name in allowed.Keys)
        {
            Visit(name);
        }

        Assert.Equal(allowed.Count, done.Count);
    }

    /// <summary>The rows of the edges table in docs/concepts.md, by package name without the prefix.</summary>
    private static Dictionary<string, Layer> AllowedLayers()
    {
        string[] lines = File.ReadAllLines(Path.Combine(Root, "docs", "concepts.md"));
        int marker = Array.FindIndex(lines, l => l.Contains("<!-- edges:", StringComparison.Ordinal));
        Assert.True(marker >= 0, "docs/concepts.md has lost its '<!-- edges: ... -->' table");
        var layers = new Dictionary<string, Layer>(StringComparer.Ordinal);
        foreach (string line in lines.Skip(marker + 3).TakeWhile(l => l.StartsWith('|')))
        {
            string[] cells = [.. line.Trim('|').Split('|').Select(c => c.Trim())];
            Assert.True(cells.Length == 3, $"docs/concepts.md: the edges row '{line}' needs 3 cells");
            layers.Add(cells[0], new Layer(List(cells[1]), List(cells[2])));
        }

        return layers;
    }

    /// <summary>The project and package references of every src/*/*.csproj, by project name without the prefix.</summary>
    private static Dictionary<string, Layer> ProjectLayers()
    {
        var layers = new Dictionary<string, Layer>(StringComparer.Ordinal);
        foreach (string csproj in Directory.EnumerateFiles(Path.Combine(Root, "src"), "*.csproj", SearchOption.AllDirectories))
        {
            XElement project = XElement.Load(csproj);
            SortedSet<string> projects = [.. project.Descendants("ProjectReference").Select(r => Path.GetFileNameWithoutExtension((string)r.Attribute("Include")!)[Prefix.Length..])];
            SortedSet<string> packages = [.. project.Descendants("PackageReference").Concat(project.Descendants("FrameworkReference")).Select(r => (string)r.Attribute("Include")!)];
            layers.Add(Path.GetFileNameWithoutExtension(csproj)[Prefix.Length..], new Layer(projects, packages));
        }

        return layers;
    }

    /// <summary>The namespaces a C# file names in using directives or in qualified names, comments and strings left out.</summary>
    private static IEnumerable<string> UsedNamespaces(string code)
    {
        string stripped = CommentOrString().Replace(code, " ");
        return QualifiedName().Matches(stripped).Select(m => m.Groups["name"].Value).Distinct();
    }

    private static bool IsBuildOutput(string folder, string file)
    {
        string relative = Path.GetRelativePath(folder, file);
        return relative.StartsWith("obj" + Path.DirectorySeparatorChar, StringComparison.Ordinal) || relative.StartsWith("bin" + Path.DirectorySeparatorChar, StringComparison.Ordinal);
    }

    private static SortedSet<string> List(string cell) => [.. cell.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)];

    [GeneratedRegex(@"//[^\n]*|/\*.*?\*/|@""(?:[^""]|"""")*""|""(?:\\.|[^""\\\n])*""", RegexOptions.Singleline)]
    private static partial Regex CommentOrString();

    [GeneratedRegex(@"(?<![\w.])(?<name>[A-Z][A-Za-z0-9]*(?:\.[A-Z][A-Za-z0-9]*)+)")]
    private static partial Regex QualifiedName();

    private sealed record Layer(SortedSet<string> Projects, SortedSet<string> Packages);
}
