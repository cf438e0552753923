using System.Net;
using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;

namespace PredictiveMaintenance.Storage;

/// <summary>
/// A table in Amazon S3 or an S3-compatible store. Commits are published with PutObject carrying <c>If-None-Match: *</c>
/// (S3's conditional writes): 412 Precondition Failed means the version is taken; 409 ConditionalRequestConflict means a
/// concurrent conditional request on the same key was in flight, and the put is repeated.
/// </summary>
internal sealed class S3ObjectStore : RemoteObjectStore
{
    private const int ReadBufferSize = 4 << 20;

    private readonly IAmazonS3 _client;
    private readonly string _bucket;
    private S3ObjectStore(string root, IAmazonS3 client, string bucket, string prefix, StorageOptions options)
        : base(root, prefix, options)
    {
        _client = client;
        _bucket = bucket;
    }

    /// <summary>Opens the store of an <c>s3://bucket/path</c> (or <c>s3a://</c>) location; null when the location is of another kind.</summary>
    public static S3ObjectStore? TryCreate(string location, StorageOptions options)
    {
        if (!Uri.TryCreate(location, UriKind.Absolute, out Uri? uri) || uri.Scheme is not ("s3" or "s3a"))
        {
            return null;
        }

        if (uri.Host.Length == 0)
        {
            throw new ArgumentException($"'{location}' names no bucket; the form is s3://<bucket>/<path>.", nameof(location));
        }

        var config = new AmazonS3Config
        {
            RetryMode = RequestRetryMode.Standard,
            MaxErrorRetry = options.MaxRetries,
            Timeout = options.NetworkTimeout,
            ForcePathStyle = options.S3ForcePathStyle,
        };
        string? serviceUrl = options.S3ServiceUrl ?? Environment.GetEnvironmentVariable("AWS_ENDPOINT_URL_S3") ?? Environment.GetEnvironmentVariable("AWS_ENDPOINT_URL");
        if (!string.IsNullOrEmpty(serviceUrl))
        {
            config.ServiceURL = serviceUrl;
            config.AuthenticationRegion = options.S3Region ?? Environment.GetEnvironmentVariable("AWS_REGION") ?? "us-east-1";
        }
        else if (options.S3Region is { } region)
        {
            config.RegionEndpoint = Amazon.RegionEndpoint.GetBySystemName(region);
        }

        IAmazonS3 client = options.S3Credentials is { } credentials ? new AmazonS3Client(credentials, config) : new AmazonS3Client(config);
        return new S3ObjectStore(location.TrimEnd('/'), client, uri.Host, Uri.UnescapeDataString(uri.AbsolutePath).Trim('/'), options);
    }

    public override async Task<IReadOnlyList<StoredObject>> ListAsync(string directory, bool recursive, string? after, CancellationToken cancellationToken)
    {
        string prefix = DirectoryPrefix(directory);
        var objects = new List<StoredObject>();
        var request = new ListObjectsV2Request
        {
            BucketName = _bucket,
            Prefix = prefix,
            Delimiter = recursive ? null : "/",
            StartAfter = after is null ? null : ObjectName(after),
        };
        try
        {
            ListObjectsV2Response response;
            do
            {
                response = await _client.ListObjectsV2Async(request, cancellationToken).ConfigureAwait(false);
                foreach (S3Object item in response.S3Objects ?? [])
                {
                    objects.Add(new StoredObject(KeyOf(item.Key), item.Size ?? 0, item.LastModified is { } t ? new DateTimeOffset(t.ToUniversalTime(), TimeSpan.Zero) : DateTimeOffset.MinValue));
                }

                request.ContinuationToken = response.NextContinuationToken;
            }
            while (response.IsTruncated == true);
        }
        catch (AmazonServiceException e)
        {
            throw Failure(directory, e);
        }

        objects.Sort((a, b) => string.CompareOrdinal(a.Key, b.Key));
        return objects;
    }

    public override async Task<IReadOnlyList<string>> ListDirectoriesAsync(string directory, CancellationToken cancellationToken)
    {
        string prefix = DirectoryPrefix(directory);
        var names = new List<string>();
        var request = new ListObjectsV2Request { BucketName = _bucket, Prefix = prefix, Delimiter = "/" };
        try
        {
            ListObjectsV2Response response;
            do
            {
                response = await _client.ListObjectsV2Async(request, cancellationToken).ConfigureAwait(false);
                names.AddRange((response.CommonPrefixes ?? []).Select(p => p[prefix.Length..].TrimEnd('/')));
                request.ContinuationToken = response.NextContinuationToken;
            }
            while (response.IsTruncated == true);
        }
        catch (AmazonServiceException e)
        {
            throw Failure(directory, e);
        }

        names.Sort(StringComparer.Ordinal);
        return names;
    }

    public override async Task<Stream> OpenReadAsync(string key, CancellationToken cancellationToken)
    {
        try
        {
            GetObjectMetadataResponse head = await _client.GetObjectMetadataAsync(_bucket, ObjectName(key), cancellationToken).ConfigureAwait(false);
            return new RangeStream(this, key, head.ContentLength);
        }
        catch (AmazonServiceException e) when (e.StatusCode == HttpStatusCode.NotFound && e.ErrorCode != "NoSuchBucket")
        {
            throw new FileNotFoundException($"'{Describe(key)}' does not exist.", Describe(key), e);
        }
        catch (AmazonServiceException e)
        {
            throw Failure(key, e);
        }
    }

    public override async Task<byte[]> ReadAllAsync(string key, CancellationToken cancellationToken) =>
        await GetAsync(key, null, cancellationToken).ConfigureAwait(false);

    /// <remarks>As for Azure (<see cref="AzureBlobObjectStore.PutIfAbsentAsync"/>), "taken" is compared with the commit sent, so a retried put whose first answer was lost counts as won.</remarks>
    public override async Task<bool> PutIfAbsentAsync(string key, ReadOnlyMemory<byte> content, DateTimeOffset? lastModified, CancellationToken cancellationToken)
    {
        for (int attempt = 0; ; attempt++)
        {
            try
            {
                using var body = new MemoryStream(content.ToArray(), writable: false);
                await PutAsync(key, body, conditional: true, cancellationToken).ConfigureAwait(false);
                return true;
            }
            catch (AmazonServiceException e) when (e.StatusCode == HttpStatusCode.PreconditionFailed)
            {
                byte[] existing = await ReadAllAsync(key, cancellationToken).ConfigureAwait(false);
                return existing.AsSpan().SequenceEqual(content.Span);
            }
            catch (AmazonServiceException e) when (e.StatusCode == HttpStatusCode.Conflict && attempt < Options.MaxRetries)
            {
                // ConditionalRequestConflict: another conditional write to this key was in flight; S3 asks for a retry.
                await Task.Delay(Options.RetryDelay * (1 << Math.Min(attempt, 10)), cancellationToken).ConfigureAwait(false);
            }
            catch (AmazonServiceException e)
            {
                throw Failure(key, e);
            }
        }
    }

    /// <remarks>412 on a new object can only be this writer's own retried put (see <see cref="RemoteObjectStore.WriteAsync"/>).</remarks>
    protected override async Task UploadAsync(string key, Stream content, bool ifAbsent, CancellationToken cancellationToken)
    {
        try
        {
            await PutAsync(key, content, ifAbsent, cancellationToken).ConfigureAwait(false);
        }
        catch (AmazonServiceException e) when (ifAbsent && e.StatusCode == HttpStatusCode.PreconditionFailed)
        {
        }
        catch (AmazonServiceException e)
        {
            throw Failure(key, e);
        }
    }

    public override async Task<VersionedObject?> TryReadVersionedAsync(string key, CancellationToken cancellationToken)
    {
        try
        {
            using GetObjectResponse response = await _client.GetObjectAsync(new GetObjectRequest { BucketName = _bucket, Key = ObjectName(key) }, cancellationToken).ConfigureAwait(false);
            using var content = new MemoryStream();
            await response.ResponseStream.CopyToAsync(content, cancellationToken).ConfigureAwait(false);
            return new VersionedObject(content.ToArray(), response.ETag);
        }
        catch (AmazonServiceException e) when (e.StatusCode == HttpStatusCode.NotFound && e.ErrorCode != "NoSuchBucket")
        {
            return null;
        }
        catch (AmazonServiceException e)
        {
            throw Failure(key, e);
        }
    }

    /// <remarks>PutObject with <c>If-Match</c> (S3's conditional writes, since November 2024): 412 means changed, 404 deleted, 409 a concurrent conditional write in flight (repeated with back-off).</remarks>
    public override async Task<string?> ReplaceIfMatchAsync(string key, ReadOnlyMemory<byte> content, string etag, CancellationToken cancellationToken)
    {
        for (int attempt = 0; ; attempt++)
        {
            try
            {
                using var body = new MemoryStream(content.ToArray(), writable: false);
                PutObjectResponse response = await _client.PutObjectAsync(
                    new PutObjectRequest { BucketName = _bucket, Key = ObjectName(key), InputStream = body, AutoCloseStream = false, IfMatch = etag },
                    cancellationToken).ConfigureAwait(false);
                return response.ETag;
            }
            catch (AmazonServiceException e) when (e.StatusCode == HttpStatusCode.PreconditionFailed || (e.StatusCode == HttpStatusCode.NotFound && e.ErrorCode != "NoSuchBucket"))
            {
                return null;
            }
            catch (AmazonServiceException e) when (e.StatusCode == HttpStatusCode.Conflict && attempt < Options.MaxRetries)
            {
                await Task.Delay(Options.RetryDelay * (1 << Math.Min(attempt, 10)), cancellationToken).ConfigureAwait(false);
            }
            catch (AmazonServiceException e)
            {
                throw Failure(key, e);
            }
        }
    }

    public override async Task<bool> DeleteIfMatchAsync(string key, string etag, CancellationToken cancellationToken)
    {
        try
        {
            await _client.DeleteObjectAsync(new DeleteObjectRequest { BucketName = _bucket, Key = ObjectName(key), IfMatch = etag }, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (AmazonServiceException e) when (e.StatusCode == HttpStatusCode.PreconditionFailed || (e.StatusCode == HttpStatusCode.NotFound && e.ErrorCode != "NoSuchBucket"))
        {
            return false;
        }
        catch (AmazonServiceException e)
        {
            throw Failure(key, e);
        }
    }

    public override async Task DeleteAsync(string key, CancellationToken cancellationToken)
    {
        try
        {
            await _client.DeleteObjectAsync(_bucket, ObjectName(key), cancellationToken).ConfigureAwait(false);
        }
        catch (AmazonServiceException e)
        {
            throw Failure(key, e);
        }
    }

    private async Task PutAsync(string key, Stream body, bool conditional, CancellationToken cancellationToken)
    {
        var request = new PutObjectRequest { BucketName = _bucket, Key = ObjectName(key), InputStream = body, AutoCloseStream = false };
        if (conditional)
        {
            request.IfNoneMatch = "*";
        }

        await _client.PutObjectAsync(request, cancellationToken).ConfigureAwait(false);
    }

    private async Task<byte[]> GetAsync(string key, ByteRange? range, CancellationToken cancellationToken)
    {
        try
        {
            using GetObjectResponse response = await _client.GetObjectAsync(new GetObjectRequest { BucketName = _bucket, Key = ObjectName(key), ByteRange = range }, cancellationToken).ConfigureAwait(false);
            using var content = new MemoryStream();
            await response.ResponseStream.CopyToAsync(content, cancellationToken).ConfigureAwait(false);
            return content.ToArray();
        }
        catch (AmazonServiceException e) when (e.StatusCode == HttpStatusCode.NotFound && e.ErrorCode != "NoSuchBucket")
        {
            throw new FileNotFoundException($"'{Describe(key)}' does not exist.", Describe(key), e);
        }
        catch (AmazonServiceException e)
        {
            throw Failure(key, e);
        }
    }

    private StorageException Failure(string key, AmazonServiceException e)
    {
        string name = key.Length == 0 ? Root : Describe(key);
        int status = (int)e.StatusCode;
        string problem = (status, e.ErrorCode) switch
        {
            (404, "NoSuchBucket") => $"the bucket '{_bucket}' does not exist; create it first.",
            (403, _) => $"the store refused the request ({status} {e.ErrorCode}): the credentials are wrong or do not grant access to bucket '{_bucket}'.",
            (501, _) or (400, "NotImplemented") => $"the store does not honour conditional writes (If-None-Match: *, answered {status} {e.ErrorCode}), so two writers could both commit one version; this package refuses to commit to it. Use Amazon S3 or a store that implements conditional writes.",
            (500 or 503, _) => $"the store stayed unavailable or kept throttling ({status} {e.ErrorCode}) through the S3 client's retries with back-off; retry later or raise StorageOptions.MaxRetries.",
            _ => $"the store answered {status} {e.ErrorCode}: {e.Message}",
        };
        return new StorageException(name, status, problem, e);
    }

    /// <summary>A seekable read-only view of an object that fetches <see cref="ReadBufferSize"/>-byte ranges as it is read.</summary>
    private sealed class RangeStream(S3ObjectStore store, string key, long length) : Stream
    {
        private byte[] _buffer = [];
        private long _bufferStart;
        private long _position;

        public override bool CanRead => true;

        public override bool CanSeek => true;

        public override bool CanWrite => false;

        public override long Length => length;

        public override long Position
        {
            get => _position;
            set => _position = value >= 0 ? value : throw new ArgumentOutOfRangeException(nameof(value));
        }

        public override int Read(byte[] buffer, int offset, int count) => ReadAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();

        public override async ValueTask<int> ReadAsync(Memory<byte> destination, CancellationToken cancellationToken = default)
        {
            if (_position >= length || destination.Length == 0)
            {
                return 0;
            }

            if (_position < _bufferStart || _position >= _bufferStart + _buffer.Length)
            {
                long end = Math.Min(length, _position + Math.Max(ReadBufferSize, destination.Length)) - 1;
                _buffer = await store.GetAsync(key, new ByteRange(_position, end), cancellationToken).ConfigureAwait(false);
                _bufferStart = _position;
            }

            int available = (int)Math.Min(destination.Length, _bufferStart + _buffer.Length - _position);
            _buffer.AsMemory((int)(_position - _bufferStart), available).CopyTo(destination);
            _position += available;
            return available;
        }

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override long Seek(long offset, SeekOrigin origin) => Position = origin switch
        {
            SeekOrigin.Begin => offset,
            SeekOrigin.Current => _position + offset,
            _ => length + offset,
        };

        public override void Flush()
        {
        }

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
