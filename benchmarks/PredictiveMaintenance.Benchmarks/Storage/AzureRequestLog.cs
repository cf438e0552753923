using System.Collections.Concurrent;
using Azure.Core;
using Azure.Core.Pipeline;
using PredictiveMaintenance.Storage;

namespace PredictiveMaintenance.Benchmarks;

/// <summary>One HTTP request an Azure Storage client sent: its method and URI.</summary>
/// <param name="Method">GET, HEAD, PUT, DELETE.</param>
/// <param name="Uri">The request URI, query included.</param>
internal readonly record struct AzureRequest(string Method, Uri Uri)
{
    /// <summary>What the request does: "list" (a container listing), or the method's name in lower case.</summary>
    public string Kind => Uri.Query.Contains("comp=list", StringComparison.Ordinal) ? "list" : Method.ToLowerInvariant();

    /// <summary>The blob name (percent-decoded) of a request to Azurite, whose URIs are path-style (/account/container/blob); "" for a container request.</summary>
    public string Blob
    {
        get
        {
            string[] segments = Uri.AbsolutePath.TrimStart('/').Split('/', 3);
            return segments.Length == 3 ? Uri.UnescapeDataString(segments[2]) : "";
        }
    }
}

/// <summary>
/// Records every request that Azure Storage clients send through <see cref="StorageOptions.ConfigureAzureClient"/>,
/// each retry as its own request, as the account's bill and its request metrics count them.
/// </summary>
internal sealed class AzureRequestLog : HttpPipelineSynchronousPolicy
{
    private readonly ConcurrentQueue<AzureRequest> _requests = new();
    private long _listedBytes;

    /// <summary>The requests sent since the log was made or last cleared, in the order they were sent.</summary>
    public IReadOnlyCollection<AzureRequest> Requests => _requests;

    /// <summary>Storage options with <paramref name="connectionString"/>'s credentials whose clients report their requests here.</summary>
    public StorageOptions Storage(string connectionString) => new()
    {
        AzureConnectionString = connectionString,
        ConfigureAzureClient = options => options.AddPolicy(this, HttpPipelinePosition.PerRetry),
    };

    /// <summary>The number of requests of each kind (<see cref="AzureRequest.Kind"/>).</summary>
    public IReadOnlyDictionary<string, int> CountByKind() =>
        _requests.GroupBy(r => r.Kind, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);

    /// <summary>The bytes of the listings' answers (XML): what a listing that starts later saves even when it fits one page.</summary>
    public long ListedBytes => Interlocked.Read(ref _listedBytes);

    public void Clear()
    {
        _requests.Clear();
        Interlocked.Exchange(ref _listedBytes, 0);
    }

    public override void OnSendingRequest(HttpMessage message) => _requests.Enqueue(new AzureRequest(message.Request.Method.Method, message.Request.Uri.ToUri()));

    public override void OnReceivedResponse(HttpMessage message)
    {
        if (message.Request.Uri.Query.Contains("comp=list", StringComparison.Ordinal) && message.Response.ContentStream is MemoryStream buffered)
        {
            Interlocked.Add(ref _listedBytes, buffered.Length);
        }
    }
}
