using System.Text.Json;

namespace PredictiveMaintenance.Notebooks.Tests;

/// <summary>One code cell of a notebook: its 1-based position among all cells and its source.</summary>
public sealed record NotebookCell(int Number, string Source);

/// <summary>The C# code cells of a Polyglot (.ipynb) notebook, in order.</summary>
public static class Notebook
{
    public static IReadOnlyList<NotebookCell> ReadCodeCells(string path)
    {
        using JsonDocument document = JsonDocument.Parse(File.ReadAllText(path));
        var cells = new List<NotebookCell>();
        int number = 0;
        foreach (JsonElement cell in document.RootElement.GetProperty("cells").EnumerateArray())
        {
            number++;
            if (cell.GetProperty("cell_type").GetString() != "code")
            {
                continue;
            }

            // Polyglot records the kernel per cell; a cell in another language would run elsewhere than in C#.
            string language = cell.TryGetProperty("metadata", out JsonElement metadata)
                && metadata.TryGetProperty("polyglot_notebook", out JsonElement polyglot)
                && polyglot.TryGetProperty("kernelName", out JsonElement kernel)
                ? kernel.GetString() ?? "csharp"
                : "csharp";
            if (language != "csharp")
            {
                throw new NotebookCellException($"{Path.GetFileName(path)}, cell {number}: kernel '{language}' is not C#; only C# cells can be checked.");
            }

            JsonElement source = cell.GetProperty("source");
            string text = source.ValueKind == JsonValueKind.Array
                ? string.Concat(source.EnumerateArray().Select(line => line.GetString()))
                : source.GetString() ?? "";
            cells.Add(new NotebookCell(number, text));
        }

        return cells;
    }
}
