using System.Reflection;
using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Scripting;
using Microsoft.CodeAnalysis.Scripting;

namespace PredictiveMaintenance.Notebooks.Tests;

/// <summary>
/// Runs a notebook's C# cells in order in one Roslyn script session, each cell continuing the state of the previous
/// one as the Polyglot C# kernel does, with the notebook's folder as the working directory. Each
/// <c>#r "nuget: PredictiveMaintenance.X, version"</c> becomes a reference to the PredictiveMaintenance.X assembly of
/// this build and its dependencies, so the notebook checks the code in the repository, not a published package.
/// </summary>
public static partial class NotebookRunner
{
    // The namespaces the Polyglot C# kernel imports before the first cell; anything else a notebook must import itself.
    private static readonly string[] PolyglotImports = ["System", "System.Collections.Generic", "System.Linq", "System.Text", "System.Threading.Tasks"];

    /// <summary>Runs every code cell; throws <see cref="NotebookCellException"/> for the first one that fails.</summary>
    /// <returns>What the cells wrote to the console.</returns>
    public static async Task<string> RunAsync(string path, CancellationToken cancellationToken)
    {
        string name = Path.GetFileName(path);
        IReadOnlyList<NotebookCell> cells = Notebook.ReadCodeCells(path);
        var packages = new List<Assembly>();
        var sources = cells.Select(cell => cell with { Source = ReplacePackageReferences(name, cell, packages) }).ToList();

        ScriptOptions options = ScriptOptions.Default
            .WithReferences(DependencyClosure(packages).Select(a => MetadataReference.CreateFromFile(a.Location)))
            .WithImports(PolyglotImports)
            .WithFilePath(path);

        string previousDirectory = Directory.GetCurrentDirectory();
        TextWriter previousOut = Console.Out;
        using var output = new StringWriter();
        Directory.SetCurrentDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        Console.SetOut(output);
        try
        {
            ScriptState<object>? state = null;
            foreach (NotebookCell cell in sources)
            {
                try
                {
                    state = state is null
                        ? await CSharpScript.RunAsync(cell.Source, options, cancellationToken: cancellationToken)
                        : await state.ContinueWithAsync(cell.Source, options, cancellationToken);
                }
                catch (CompilationErrorException e)
                {
                    throw new NotebookCellException($"{name}, cell {cell.Number} does not compile:\n{string.Join("\n", e.Diagnostics)}\nOutput so far:\n{output}", e);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    throw new NotebookCellException($"{name}, cell {cell.Number} threw {e.GetType().Name}: {e.Message}\nOutput so far:\n{output}", e);
                }
            }

            return output.ToString();
        }
        finally
        {
            Console.SetOut(previousOut);
            Directory.SetCurrentDirectory(previousDirectory);
        }
    }

    private static string ReplacePackageReferences(string notebook, NotebookCell cell, List<Assembly> packages)
    {
        return NuGetReference().Replace(cell.Source, match =>
        {
            string package = match.Groups["package"].Value;
            if (!package.StartsWith("PredictiveMaintenance.", StringComparison.Ordinal))
            {
                throw new NotebookCellException($"{notebook}, cell {cell.Number}: package '{package}' is not built here; reference only PredictiveMaintenance packages, whose dependencies come with them.");
            }

            Assembly assembly;
            try
            {
                assembly = Assembly.Load(new AssemblyName(package));
            }
            catch (FileNotFoundException e)
            {
                throw new NotebookCellException($"{notebook}, cell {cell.Number}: {package} is not referenced by PredictiveMaintenance.Notebooks.Tests; add a ProjectReference to it.", e);
            }

            packages.Add(assembly);
            return $"#r \"{assembly.Location}\"";
        });
    }

    // A package brings its dependencies, as NuGet does: the assembly and everything it references, transitively.
    private static List<Assembly> DependencyClosure(IEnumerable<Assembly> roots)
    {
        var seen = new Dictionary<string, Assembly>(StringComparer.OrdinalIgnoreCase);
        var pending = new Stack<Assembly>(roots.Append(typeof(object).Assembly).Append(typeof(Enumerable).Assembly).Append(typeof(Console).Assembly));
        while (pending.TryPop(out Assembly? assembly))
        {
            if (string.IsNullOrEmpty(assembly.Location) || !seen.TryAdd(assembly.GetName().Name!, assembly))
            {
                continue;
            }

            foreach (AssemblyName reference in assembly.GetReferencedAssemblies())
            {
                if (seen.ContainsKey(reference.Name!))
                {
                    continue;
                }

                try
                {
                    pending.Push(Assembly.Load(reference));
                }
                catch (FileNotFoundException)
                {
                    // An optional dependency that this build does not ship (e.g. a platform-specific native wrapper):
                    // a notebook that needs it fails to compile and names the type.
                }
            }
        }

        return [.. seen.Values];
    }

    [GeneratedRegex("""^\s*#r\s+"nuget:\s*(?<package>[^,"\s]+)\s*(,\s*[^"]*)?"\s*$""", RegexOptions.Multiline)]
    private static partial Regex NuGetReference();
}
