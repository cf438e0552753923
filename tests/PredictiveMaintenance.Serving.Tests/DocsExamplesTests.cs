using System.Diagnostics;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using PredictiveMaintenance.Scoring.Tests;

namespace PredictiveMaintenance.Serving.Tests;

/// <summary>docs/scoring.md's curl examples, run in order with curl against a real server, each answer compared with the one the page shows.</summary>
public partial class DocsExamplesTests
{
    [Fact]
    public async Task ScoringDocs_CurlExamples_AnswerWhatThePageShows()
    {
        string page = await File.ReadAllTextAsync(Path.Combine(AppContext.BaseDirectory, "docs", "scoring.md"));
        string section = page[page.IndexOf("## Serving over HTTP", StringComparison.Ordinal)..];
        section = section[..section.IndexOf("\n## ", 3, StringComparison.Ordinal)];
        var examples = Example().Matches(section).Select(m => (Command: m.Groups["command"].Value, Answer: m.Groups["answer"].Value)).ToList();
        Assert.Equal(5, examples.Count);
        await using ServedFleet fleet = await ServedFleet.StartAsync(ScoringFixture.Telemetry(assets: 2, hours: 60));

        foreach ((string command, string answer) in examples)
        {
            string output = await RunAsync(command.Replace("localhost:5000", fleet.Server.Address.Authority, StringComparison.Ordinal));
            Assert.True(Same(JsonNode.Parse(answer), JsonNode.Parse(output)), $"{command}\nanswered\n{output}\nwhile the page shows\n{answer}");
        }
    }

    private static async Task<string> RunAsync(string command)
    {
        var start = new ProcessStartInfo("bash", ["-c", command]) { RedirectStandardOutput = true, RedirectStandardError = true };
        using Process process = Process.Start(start)!;
        Task<string> output = process.StandardOutput.ReadToEndAsync();
        string error = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, $"{command} exited with {process.ExitCode}: {error}");
        return await output;
    }

    /// <summary>Equal JSON, numbers within a relative 1e-9 (the page shows them as the server writes them).</summary>
    private static bool Same(JsonNode? want, JsonNode? got) => (want, got) switch
    {
        (null, null) => true,
        (JsonObject a, JsonObject b) => a.Count == b.Count && a.All(p => b.ContainsKey(p.Key) && Same(p.Value, b[p.Key])),
        (JsonArray a, JsonArray b) => a.Count == b.Count && a.Zip(b).All(p => Same(p.First, p.Second)),
        (JsonValue a, JsonValue b) when a.GetValueKind() == System.Text.Json.JsonValueKind.Number && b.GetValueKind() == System.Text.Json.JsonValueKind.Number =>
            Math.Abs((double)a - (double)b) <= 1e-9 * Math.Max(1, Math.Abs((double)a)),
        (JsonValue a, JsonValue b) => a.ToJsonString() == b.ToJsonString(),
        _ => false,
    };

    [GeneratedRegex("```bash\\n(?<command>curl[^`]*?)\\n```\\s*\\n```json\\n(?<answer>[^`]*?)\\n```", RegexOptions.Singleline)]
    private static partial Regex Example();
}
