using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Security;
using System.Text;
using PredictiveMaintenance.Storage;

namespace PredictiveMaintenance.DeltaLake.Tests;

/// <summary>
/// A loopback HTTP server answering the S3 REST requests the store makes (path-style ListObjectsV2, HEAD, ranged GET,
/// PUT with <c>If-None-Match: *</c> or <c>If-Match</c>, DELETE with or without <c>If-Match</c>) with S3's exact status codes and error bodies, in memory. There is no
/// conditional-write-faithful S3 emulator on these machines; this fake checks the store's request logic, not S3 itself.
/// </summary>
internal sealed class S3Fake : IDisposable
{
    private readonly HttpListener _listener = new();
    private readonly ConcurrentDictionary<string, (byte[] Content, DateTimeOffset Modified)> _objects = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<Func<HttpListenerRequest, (int Status, string Code)?>> _faults = new();
    private readonly ConcurrentQueue<string?> _listingStarts = new();
    private readonly ConcurrentDictionary<string, int> _requests = new(StringComparer.Ordinal);
    private string? _loseAnswer;

    public S3Fake(params string[] buckets)
    {
        Buckets = [.. buckets];
        using (var socket = new TcpListener(IPAddress.Loopback, 0))
        {
            socket.Start();
            Uri = new Uri($"http://127.0.0.1:{((IPEndPoint)socket.LocalEndpoint).Port}/");
        }

        _listener.Prefixes.Add(Uri.ToString());
        _listener.Start();
        _ = Task.Run(ServeAsync);
    }

    public Uri Uri { get; }

    public HashSet<string> Buckets { get; }

    /// <summary>Answer every request with this status and error code instead of serving it.</summary>
    public (int Status, string Code)? Always { get; set; }

    /// <summary>Answer conditional PUTs 501 NotImplemented, as a store without conditional writes does.</summary>
    public bool NoConditionalWrites { get; set; }

    /// <summary>Every request answered.</summary>
    public int TotalRequests => _requests.Values.Sum();

    /// <summary>The <c>start-after</c> of each listing request, in order (null for a listing from the start).</summary>
    public IReadOnlyCollection<string?> ListingStarts => _listingStarts;

    /// <summary>Requests by method (GET, HEAD, PUT, DELETE, LIST).</summary>
    public int Requests(string method) => _requests.GetValueOrDefault(method);

    /// <summary>Answers the first request that <paramref name="fault"/> matches (returns a status) with that status, once.</summary>
    public void FailOnce(Func<HttpListenerRequest, (int Status, string Code)?> fault) => _faults.Enqueue(fault);

    /// <summary>Stores the first PUT whose key ends with <paramref name="keySuffix"/>, then answers it 500 as if the answer were lost.</summary>
    public void LoseAnswerOnce(string keySuffix) => _loseAnswer = keySuffix;

    public StorageOptions Storage(int maxRetries = 2, TimeSpan? leaseDuration = null) => new()
    {
        LeaseDuration = leaseDuration ?? TimeSpan.FromSeconds(60),
        S3ServiceUrl = Uri.ToString(),
        S3ForcePathStyle = true,
        S3Credentials = new Amazon.Runtime.BasicAWSCredentials("test-key", "test-secret"),
        MaxRetries = maxRetries,
        RetryDelay = TimeSpan.FromMilliseconds(5),
        MaxRetryDelay = TimeSpan.FromMilliseconds(50),
    };

    public byte[] Get(string bucket, string key) => _objects[bucket + "/" + key].Content;

    public void Put(string bucket, string key, byte[] content) => _objects[bucket + "/" + key] = (content, DateTimeOffset.UtcNow);

    public IEnumerable<string> Keys(string bucket) => _objects.Keys.Where(k => k.StartsWith(bucket + "/", StringComparison.Ordinal)).Select(k => k[(bucket.Length + 1)..]).Order(StringComparer.Ordinal);

    public void Dispose() => _listener.Close();

    private async Task ServeAsync()
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

            _ = Task.Run(() => Answer(context));
        }
    }

    private async Task Answer(HttpListenerContext context)
    {
        HttpListenerRequest request = context.Request;
        HttpListenerResponse response = context.Response;
        string path = Uri.UnescapeDataString(request.Url!.AbsolutePath.TrimStart('/'));
        int slash = path.IndexOf('/', StringComparison.Ordinal);
        string bucket = slash < 0 ? path : path[..slash];
        string key = slash < 0 ? "" : path[(slash + 1)..];
        bool list = key.Length == 0 && request.HttpMethod == "GET";
        _requests.AddOrUpdate(list ? "LIST" : request.HttpMethod, 1, (_, n) => n + 1);
        if (list)
        {
            _listingStarts.Enqueue(request.QueryString["start-after"]);
        }

        byte[] body = await ReadBodyAsync(request);
        bool conditional = request.Headers["If-None-Match"] == "*";
        try
        {
            if (Always is { } always)
            {
                Error(response, always.Status, always.Code);
            }
            else if (NoConditionalWrites && conditional)
            {
                Error(response, 501, "NotImplemented");
            }
            else if (Fault(request) is { } fault)
            {
                Error(response, fault.Status, fault.Code);
            }
            else if (!Buckets.Contains(bucket))
            {
                Error(response, 404, "NoSuchBucket");
            }
            else if (request.HttpMethod == "PUT" && _loseAnswer is { } suffix && key.EndsWith(suffix, StringComparison.Ordinal) && Interlocked.CompareExchange(ref _loseAnswer, null, suffix) == suffix)
            {
                _objects.TryAdd(bucket + "/" + key, (body, DateTimeOffset.UtcNow));
                Error(response, 500, "InternalError");
            }
            else if (list)
            {
                List(response, bucket, request.QueryString["prefix"] ?? "", request.QueryString["delimiter"], request.QueryString["start-after"]);
            }
            else
            {
                Object(request, response, bucket + "/" + key, body, conditional);
            }
        }
        finally
        {
            response.Close();
        }
    }

    private (int Status, string Code)? Fault(HttpListenerRequest request)
    {
        foreach (Func<HttpListenerRequest, (int, string)?> fault in _faults)
        {
            if (fault(request) is { } answer)
            {
                // Dequeue this one fault: rebuild the queue without it.
                Func<HttpListenerRequest, (int, string)?>[] rest = [.. _faults.Where(f => f != fault)];
                _faults.Clear();
                foreach (Func<HttpListenerRequest, (int, string)?> f in rest)
                {
                    _faults.Enqueue(f);
                }

                return answer;
            }
        }

        return null;
    }

    private void Object(HttpListenerRequest request, HttpListenerResponse response, string name, byte[] body, bool conditional)
    {
        switch (request.HttpMethod)
        {
            case "PUT":
                if (conditional && !_objects.TryAdd(name, (body, DateTimeOffset.UtcNow)))
                {
                    Error(response, 412, "PreconditionFailed");
                    return;
                }

                if (request.Headers["If-Match"] is { } putMatch)
                {
                    lock (_objects)
                    {
                        if (IfMatchFails(response, name, putMatch))
                        {
                            return;
                        }

                        _objects[name] = (body, DateTimeOffset.UtcNow);
                    }
                }
                else
                {
                    _objects[name] = (body, DateTimeOffset.UtcNow);
                }

                response.Headers["ETag"] = ETag(body);
                response.StatusCode = 200;
                return;
            case "DELETE":
                if (request.Headers["If-Match"] is { } deleteMatch)
                {
                    lock (_objects)
                    {
                        if (IfMatchFails(response, name, deleteMatch))
                        {
                            return;
                        }

                        _objects.TryRemove(name, out _);
                    }
                }
                else
                {
                    _objects.TryRemove(name, out _);
                }

                response.StatusCode = 204;
                return;
            case "HEAD" or "GET":
                if (!_objects.TryGetValue(name, out (byte[] Content, DateTimeOffset Modified) stored))
                {
                    Error(response, 404, request.HttpMethod == "HEAD" ? "" : "NoSuchKey");
                    return;
                }

                response.Headers["ETag"] = ETag(stored.Content);
                response.Headers["Last-Modified"] = stored.Modified.ToString("R", CultureInfo.InvariantCulture);
                (long from, long to) = (0, stored.Content.Length - 1);
                if (request.Headers["Range"] is { } range && range.StartsWith("bytes=", StringComparison.Ordinal))
                {
                    string[] bounds = range[6..].Split('-');
                    from = long.Parse(bounds[0], CultureInfo.InvariantCulture);
                    to = Math.Min(to, long.Parse(bounds[1], CultureInfo.InvariantCulture));
                    response.StatusCode = 206;
                    response.Headers["Content-Range"] = FormattableString.Invariant($"bytes {from}-{to}/{stored.Content.Length}");
                }
                else
                {
                    response.StatusCode = 200;
                }

                response.ContentLength64 = to - from + 1;
                if (request.HttpMethod == "GET")
                {
                    response.OutputStream.Write(stored.Content, (int)from, (int)(to - from + 1));
                }

                return;
            default:
                Error(response, 405, "MethodNotAllowed");
                return;
        }
    }

    private void List(HttpListenerResponse response, string bucket, string prefix, string? delimiter, string? startAfter)
    {
        var xml = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?><ListBucketResult xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\">");
        xml.Append(CultureInfo.InvariantCulture, $"<Name>{bucket}</Name><Prefix>{SecurityElement.Escape(prefix)}</Prefix><IsTruncated>false</IsTruncated>");
        var directories = new SortedSet<string>(StringComparer.Ordinal);
        foreach (string key in Keys(bucket).Where(k => k.StartsWith(prefix, StringComparison.Ordinal) && (startAfter is null || string.CompareOrdinal(k, startAfter) > 0)))
        {
            int below = delimiter is null ? -1 : key.IndexOf(delimiter, prefix.Length, StringComparison.Ordinal);
            if (below >= 0)
            {
                directories.Add(key[..(below + delimiter!.Length)]);
                continue;
            }

            (byte[] content, DateTimeOffset modified) = _objects[bucket + "/" + key];
            xml.Append(CultureInfo.InvariantCulture, $"<Contents><Key>{SecurityElement.Escape(key)}</Key><LastModified>{modified.UtcDateTime:yyyy-MM-ddTHH:mm:ss.fffZ}</LastModified><Size>{content.Length}</Size><StorageClass>STANDARD</StorageClass></Contents>");
        }

        foreach (string directory in directories)
        {
            xml.Append(CultureInfo.InvariantCulture, $"<CommonPrefixes><Prefix>{SecurityElement.Escape(directory)}</Prefix></CommonPrefixes>");
        }

        xml.Append("</ListBucketResult>");
        byte[] bytes = Encoding.UTF8.GetBytes(xml.ToString());
        response.StatusCode = 200;
        response.ContentType = "application/xml";
        response.OutputStream.Write(bytes);
    }

    /// <summary>Answers a conditional request whose <c>If-Match</c> fails as S3 does (404 NoSuchKey for a missing object, else 412); true when it failed.</summary>
    private bool IfMatchFails(HttpListenerResponse response, string name, string etag)
    {
        if (!_objects.TryGetValue(name, out (byte[] Content, DateTimeOffset Modified) stored))
        {
            Error(response, 404, "NoSuchKey");
            return true;
        }

        if (ETag(stored.Content) != etag)
        {
            Error(response, 412, "PreconditionFailed");
            return true;
        }

        return false;
    }

    /// <summary>S3's ETag of a single-part upload: the content's MD5 in hex, quoted (the SDK checks whole-object GETs against it).</summary>
#pragma warning disable CA5351 // S3 defines the ETag as MD5; it is an identity here, not security.
    private static string ETag(byte[] content) => "\"" + Convert.ToHexStringLower(System.Security.Cryptography.MD5.HashData(content)) + "\"";
#pragma warning restore CA5351

    private static void Error(HttpListenerResponse response, int status, string code)
    {
        response.StatusCode = status;
        if (code.Length == 0)
        {
            return;
        }

        byte[] bytes = Encoding.UTF8.GetBytes($"<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><Code>{code}</Code><Message>{code}</Message><RequestId>fake</RequestId></Error>");
        response.ContentType = "application/xml";
        response.OutputStream.Write(bytes);
    }

    /// <summary>The request body, decoded from the <c>aws-chunked</c> encoding the SDK streams uploads in (chunks of hex size, then trailers).</summary>
    private static async Task<byte[]> ReadBodyAsync(HttpListenerRequest request)
    {
        using var raw = new MemoryStream();
        await request.InputStream.CopyToAsync(raw);
        byte[] bytes = raw.ToArray();
        bool chunked = (request.Headers["Content-Encoding"]?.Contains("aws-chunked", StringComparison.Ordinal) ?? false)
            || (request.Headers["x-amz-content-sha256"]?.StartsWith("STREAMING-", StringComparison.Ordinal) ?? false);
        if (!chunked)
        {
            return bytes;
        }

        using var decoded = new MemoryStream();
        int at = 0;
        while (at < bytes.Length)
        {
            int end = Array.IndexOf(bytes, (byte)'\n', at);
            string header = Encoding.ASCII.GetString(bytes, at, end - at).TrimEnd('\r');
            int size = int.Parse(header.Split(';')[0], NumberStyles.HexNumber, CultureInfo.InvariantCulture);
            if (size == 0)
            {
                break;
            }

            decoded.Write(bytes, end + 1, size);
            at = end + 1 + size + 2;
        }

        return decoded.ToArray();
    }
}
