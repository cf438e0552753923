using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json.Nodes;

namespace PredictiveMaintenance.Dashboard.Tests.Rendering;

/// <summary>
/// A headless Chromium driven over the Chrome DevTools protocol (a WebSocket of JSON messages): open a page, collect
/// its script errors, console errors and network requests, evaluate script in it, and take a screenshot.
/// </summary>
internal sealed class HeadlessChromium : IAsyncDisposable
{
    private static readonly string[] Names = ["chromium", "chromium-browser", "google-chrome", "google-chrome-stable"];

    private readonly Process _process;
    private readonly string _profile;
    private readonly ClientWebSocket _socket = new();
    private readonly ConcurrentDictionary<int, TaskCompletionSource<JsonObject>> _pending = new();
    private readonly CancellationTokenSource _stop = new();
    private Task? _receiving;
    private TaskCompletionSource? _loaded;
    private int _nextId;

    private HeadlessChromium(Process process, string profile)
    {
        _process = process;
        _profile = profile;
    }

    /// <summary>Script exceptions, console errors and log errors the page reported, as text.</summary>
    public ConcurrentQueue<string> Errors { get; } = new();

    /// <summary>The URLs the page requested.</summary>
    public ConcurrentQueue<string> Requests { get; } = new();

    /// <summary>The Chromium executable: <c>PDM_CHROMIUM</c> if set, else the first of the usual names on the PATH; null when there is none.</summary>
    public static string? Find()
    {
        if (Environment.GetEnvironmentVariable("PDM_CHROMIUM") is { Length: > 0 } configured)
        {
            return File.Exists(configured) ? configured : null;
        }

        foreach (string folder in (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            foreach (string name in Names)
            {
                string candidate = Path.Combine(folder, name);
                if (File.Exists(candidate))
                {
                    return candidate;
                }
            }
        }

        return null;
    }

    /// <summary>Starts Chromium with a fresh profile and attaches to its first page.</summary>
    public static async Task<HeadlessChromium> StartAsync(string executable, int width, int height, CancellationToken cancellationToken)
    {
        string profile = Directory.CreateTempSubdirectory("pdm-chromium-").FullName;
        var start = new ProcessStartInfo(executable)
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };

        // --no-sandbox: CI runs as root, where Chromium refuses its sandbox; the page is our own file.
        foreach (string argument in (string[])[
            "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run", "--no-default-browser-check",
            "--disable-extensions", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--mute-audio",
            $"--user-data-dir={profile}", "--remote-debugging-port=0", $"--window-size={width},{height}", "about:blank"])
        {
            start.ArgumentList.Add(argument);
        }

        Process process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {executable}.");

        // Chromium blocks once a redirected pipe fills, so what it prints is drained for as long as it runs.
        _ = process.StandardOutput.BaseStream.CopyToAsync(Stream.Null, CancellationToken.None);
        var chromium = new HeadlessChromium(process, profile);
        try
        {
            Uri browser = await ReadDevToolsUrlAsync(process, cancellationToken);
            using var http = new HttpClient();
            JsonArray targets = JsonNode.Parse(await http.GetStringAsync(new Uri($"http://{browser.Authority}/json/list"), cancellationToken))!.AsArray();
            string page = targets.First(t => (string?)t!["type"] == "page")!["webSocketDebuggerUrl"]!.GetValue<string>();
            await chromium._socket.ConnectAsync(new Uri(page), cancellationToken);
            chromium.StartReceiving();
            await chromium.SendAsync("Runtime.enable", null, cancellationToken);
            await chromium.SendAsync("Log.enable", null, cancellationToken);
            await chromium.SendAsync("Network.enable", null, cancellationToken);
            await chromium.SendAsync("Page.enable", null, cancellationToken);
            await chromium.SendAsync("Emulation.setDeviceMetricsOverride", new JsonObject { ["width"] = width, ["height"] = height, ["deviceScaleFactor"] = 1, ["mobile"] = false }, cancellationToken);
            return chromium;
        }
        catch
        {
            await chromium.DisposeAsync();
            throw;
        }
    }

    /// <summary>Opens a file and waits for its load event.</summary>
    public async Task OpenAsync(string path, CancellationToken cancellationToken)
    {
        TaskCompletionSource loaded = new(TaskCreationOptions.RunContinuationsAsynchronously);
        _loaded = loaded;
        await SendAsync("Page.navigate", new JsonObject { ["url"] = new Uri(path).AbsoluteUri }, cancellationToken);
        await loaded.Task.WaitAsync(cancellationToken);
    }

    /// <summary>Evaluates an expression in the page and returns its JSON value.</summary>
    public async Task<JsonNode?> EvaluateAsync(string expression, CancellationToken cancellationToken)
    {
        JsonObject result = await SendAsync("Runtime.evaluate", new JsonObject { ["expression"] = expression, ["returnByValue"] = true }, cancellationToken);
        if (result["exceptionDetails"] is { } exception)
        {
            throw new InvalidOperationException($"The expression threw: {exception.ToJsonString()}");
        }

        return result["result"]?["value"]?.DeepClone();
    }

    /// <summary>Takes a PNG screenshot of the viewport.</summary>
    public async Task<byte[]> ScreenshotAsync(CancellationToken cancellationToken)
    {
        JsonObject result = await SendAsync("Page.captureScreenshot", new JsonObject { ["format"] = "png" }, cancellationToken);
        return Convert.FromBase64String(result["data"]!.GetValue<string>());
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _socket.Abort();
        _socket.Dispose();
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        if (_receiving is not null)
        {
            await _receiving.ContinueWith(_ => { }, TaskScheduler.Default);
        }

        _process.Dispose();
        _stop.Dispose();
        try
        {
            Directory.Delete(_profile, recursive: true);
        }
        catch (IOException)
        {
            // Chromium's helpers may still be letting go of the profile; it is a temporary folder either way.
        }
    }

    private void StartReceiving() => _receiving = Task.Run(ReceiveLoopAsync);

    private async Task<JsonObject> SendAsync(string method, JsonObject? parameters, CancellationToken cancellationToken)
    {
        int id = Interlocked.Increment(ref _nextId);
        var reply = new TaskCompletionSource<JsonObject>(TaskCreationOptions.RunContinuationsAsynchronously);
        _pending[id] = reply;
        var message = new JsonObject { ["id"] = id, ["method"] = method, ["params"] = parameters ?? [] };
        await _socket.SendAsync(Encoding.UTF8.GetBytes(message.ToJsonString()), WebSocketMessageType.Text, endOfMessage: true, cancellationToken);
        JsonObject response = await reply.Task.WaitAsync(cancellationToken);
        return response["error"] is { } error
            ? throw new InvalidOperationException($"{method} failed: {error.ToJsonString()}")
            : response["result"]?.AsObject() ?? [];
    }

    private async Task ReceiveLoopAsync()
    {
        byte[] buffer = new byte[1 << 16];
        using var message = new MemoryStream();
        while (!_stop.IsCancellationRequested && _socket.State == WebSocketState.Open)
        {
            WebSocketReceiveResult received;
            try
            {
                received = await _socket.ReceiveAsync(buffer, _stop.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or WebSocketException or ObjectDisposedException)
            {
                break;
            }

            message.Write(buffer, 0, received.Count);
            if (!received.EndOfMessage)
            {
                continue;
            }

            JsonObject json = JsonNode.Parse(message.ToArray())!.AsObject();
            message.SetLength(0);
            if (json["id"] is { } id && _pending.TryRemove(id.GetValue<int>(), out TaskCompletionSource<JsonObject>? reply))
            {
                reply.TrySetResult(json);
                continue;
            }

            JsonNode? p = json["params"];
            string? consoleType = p?["type"]?.GetValue<string>();
            string? logLevel = p?["entry"]?["level"]?.GetValue<string>();
            switch (json["method"]?.GetValue<string>())
            {
                case "Page.loadEventFired":
                    _loaded?.TrySetResult();
                    break;
                case "Runtime.exceptionThrown":
                    Errors.Enqueue($"exception: {p?["exceptionDetails"]?.ToJsonString()}");
                    break;
                case "Runtime.consoleAPICalled" when consoleType is "error" or "assert":
                    Errors.Enqueue($"console.{consoleType}: {p?["args"]?.ToJsonString()}");
                    break;
                case "Log.entryAdded" when logLevel == "error":
                    Errors.Enqueue($"log: {p?["entry"]?.ToJsonString()}");
                    break;
                case "Network.requestWillBeSent":
                    Requests.Enqueue(p?["request"]?["url"]?.GetValue<string>() ?? "?");
                    break;
            }
        }
    }

    /// <summary>Reads Chromium's stderr up to the line naming its DevTools WebSocket, then keeps draining it.</summary>
    private static async Task<Uri> ReadDevToolsUrlAsync(Process process, CancellationToken cancellationToken)
    {
        const string Prefix = "DevTools listening on ";
        var seen = new StringBuilder();
        while (await process.StandardError.ReadLineAsync(cancellationToken) is { } line)
        {
            seen.AppendLine(line);
            if (line.StartsWith(Prefix, StringComparison.Ordinal))
            {
                _ = process.StandardError.BaseStream.CopyToAsync(Stream.Null, CancellationToken.None);
                return new Uri(line[Prefix.Length..].Trim());
            }
        }

        throw new InvalidOperationException($"Chromium exited without opening DevTools; it wrote:{Environment.NewLine}{seen}");
    }
}
