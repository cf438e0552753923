using System.CommandLine;
using Microsoft.Extensions.Logging;
using PredictiveMaintenance.Scoring;
using PredictiveMaintenance.Serving;
using PredictiveMaintenance.Tracking;

namespace PredictiveMaintenance.Cli.Commands;

/// <summary>
/// <c>pdm serve --tracking &lt;store&gt; --model &lt;name@alias|name/stage|name/version&gt; [--port 5000]</c>: the
/// MLflow-compatible scoring endpoint over a registered model, until Ctrl+C or SIGTERM.
/// </summary>
internal static class ServeCommand
{
    public static Command Create()
    {
        var tracking = new Option<string>("--tracking") { Description = "The tracking store holding the registry: a folder, or an object-store URI (az://…, abfss://…, s3://…).", Required = true };
        var model = new Option<string>("--model") { Description = "The model to serve: name@alias (such as pump-detector@champion), name/Production or name/3. An alias or stage is followed as it moves.", Required = true };
        var host = new Option<string>("--host") { Description = "The address to listen on; 0.0.0.0 for every interface.", DefaultValueFactory = _ => "127.0.0.1" };
        var port = new Option<int>("--port") { Description = "The port to listen on; 0 takes a free one.", DefaultValueFactory = _ => 5000 };
        var maxRows = new Option<int>("--max-rows") { Description = "The most readings one request may carry (413 beyond).", DefaultValueFactory = _ => 10_000 };
        var maxBytes = new Option<long>("--max-request-bytes") { Description = "The largest request body in bytes (413 beyond).", DefaultValueFactory = _ => 16L << 20 };
        var reload = new Option<double>("--reload-seconds") { Description = "How often to ask the registry whether the alias or stage moved.", DefaultValueFactory = _ => 30 };
        var command = new Command("serve", "Serve a registered model over HTTP with MLflow's scoring protocol (POST /invocations; GET /ping, /health, /version, /metadata), reloading it when its alias or stage moves.")
        {
            tracking, model, host, port, maxRows, maxBytes, reload,
        };
        command.SetAction((parse, cancellationToken) => CommandRunner.RunAsync(parse, async output =>
        {
            ModelReference reference;
            try
            {
                reference = ModelReference.Parse(parse.GetValue(model)!);
            }
            catch (FormatException e)
            {
                throw new ArgumentException(e.Message, e);
            }

            string store = TableCommand.Resolve(parse.GetValue(tracking)!);
            ModelRegistry registry;
            try
            {
                registry = new ModelRegistry(await FolderTrackingStore.OpenExistingAsync(store, cancellationToken: cancellationToken));
            }
            catch (InvalidOperationException e)
            {
                throw new DirectoryNotFoundException(e.Message, e);
            }

            var options = new ModelServingOptions
            {
                Model = reference,
                MaxRows = parse.GetValue(maxRows),
                MaxRequestBytes = parse.GetValue(maxBytes),
                ReloadInterval = TimeSpan.FromSeconds(parse.GetValue(reload)),
            };
            ModelServer server;
            try
            {
                server = await ModelServer.StartAsync(
                    registry, options, $"http://{parse.GetValue(host)}:{parse.GetValue(port)}", logging => logging.AddSimpleConsole(o => o.SingleLine = true).AddFilter("Microsoft.AspNetCore", LogLevel.Warning), cancellationToken);
            }
            catch (Exception e) when (e is KeyNotFoundException or NotSupportedException)
            {
                throw new ArgumentException(e.Message, e);
            }

            await using (server)
            {
                await output.WriteLineAsync($"Serving {reference} (version {server.Version.Version}) on {server.Address}; Ctrl+C stops.");
                await output.FlushAsync(cancellationToken);
                await server.WaitForShutdownAsync(cancellationToken);
            }
        }));
        return command;
    }
}
