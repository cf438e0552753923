// Updates every library's PublicAPI.Unshipped.txt from the analyzer's findings:
// adds the APIs the build reports as undeclared (RS0016) and drops declared ones that no longer exist (RS0017).
// Usage, from the repository root: dotnet run eng/UpdatePublicApi.cs
using System.Diagnostics;
using System.Text.Json;

string root = Directory.GetCurrentDirectory();

// Some members (those of record structs) are reported only once their type is declared, hence the passes.
for (int pass = 1; pass <= 3 && UpdateOnce(root) > 0; pass++)
{
}

static int UpdateOnce(string root)
{
    var build = Process.Start(new ProcessStartInfo("dotnet", "build PredictiveMaintenance.sln -p:UpdatePublicApi=true -p:TreatWarningsAsErrors=false --no-incremental -v:q")
    {
        RedirectStandardOutput = true,
    })!;
    build.StandardOutput.ReadToEnd();
    build.WaitForExit();

    int total = 0;
    foreach (string log in Directory.EnumerateFiles(Path.Combine(root, "src"), "publicapi.sarif", SearchOption.AllDirectories))
    {
        // <project>/obj/<configuration>/<framework>/publicapi.sarif
        string project = Path.GetFullPath(Path.Combine(Path.GetDirectoryName(log)!, "..", "..", ".."));
        string unshipped = Path.Combine(project, "PublicAPI.Unshipped.txt");
        var lines = new SortedSet<string>(File.ReadAllLines(unshipped).Where(l => l.Length > 0 && !l.StartsWith('#')), StringComparer.Ordinal);
        int added = 0, removed = 0;
        using (JsonDocument sarif = JsonDocument.Parse(File.ReadAllText(log)))
        {
            foreach (JsonElement result in sarif.RootElement.GetProperty("runs")[0].GetProperty("results").EnumerateArray())
            {
                string rule = result.GetProperty("ruleId").GetString()!;
                if (rule == "RS0016")
                {
                    string api = result.GetProperty("properties").GetProperty("customProperties").GetProperty("APIName").GetString()!;
                    added += lines.Add(api) ? 1 : 0;
                }
                else if (rule == "RS0017")
                {
                    // "Symbol 'X' is part of the declared API, but is either not public or could not be found"
                    string text = result.GetProperty("message").GetProperty("text").GetString()!;
                    string api = text[(text.IndexOf('\'') + 1)..text.LastIndexOf("' is part", StringComparison.Ordinal)];
                    removed += lines.Remove(api) ? 1 : 0;
                }
            }
        }

        File.WriteAllLines(unshipped, ["#nullable enable", .. lines]);
        File.Delete(log);
        Console.WriteLine($"{Path.GetRelativePath(root, unshipped)}: +{added} -{removed}");
        total += added + removed;
    }

    return total;
}
