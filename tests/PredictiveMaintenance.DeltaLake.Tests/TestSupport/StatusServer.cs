using System.Net;
using System.Net.Sockets;

namespace PredictiveMaintenance.DeltaLake.Tests;

/// <summary>
/// A loopback HTTP server that answers every request with one status and counts the requests: the failure a real store
/// gives only under load (503 throttling), which Azurite cannot be made to answer.
/// </summary>
internal sealed class StatusServer : IDisposable
{
    private readonly HttpListener _listener = new();
    private int _requests;

    public StatusServer(int status)
    {
        int port = FreePort();
        Uri = new Uri($"http://127.0.0.1:{port}/");
        _listener.Prefixes.Add(Uri.ToString());
        _listener.Start();
        _ = Task.Run(async () =>
        {
            while (_listener.IsListening)
            {
                HttpListenerContext context;
                try
                {
                    context = await _listener.GetContextAsync();
                }
                catch (Exception e) when (e is HttpListenerException or ObjectDisposedException)
                {
                    return;
                }

                Interlocked.Increment(ref _requests);
                context.Response.StatusCode = status;
                context.Response.Headers["x-ms-error-code"] = status == 503 ? "ServerBusy" : "InternalError";
                context.Response.Close();
            }
        });
    }

    public Uri Uri { get; }

    public int Requests => Volatile.Read(ref _requests);

    public void Dispose() => _listener.Close();

    private static int FreePort()
    {
        using var socket = new TcpListener(IPAddress.Loopback, 0);
        socket.Start();
        return ((IPEndPoint)socket.LocalEndpoint).Port;
    }
}
