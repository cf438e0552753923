using Azure;
using Azure.Core;
using Azure.Identity;
using Azure.Storage;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;

namespace PredictiveMaintenance.Storage;

/// <summary>
/// A table in Azure Blob Storage or ADLS Gen2 (through the Blob endpoint, which both serve). Commits are published with a
/// single Put Blob carrying <c>If-None-Match: *</c>: the service creates the blob only if the name is free and makes it
/// visible whole, so one writer wins each version (409 BlobAlreadyExists from Azurite, 412 from Azure, mean "taken").
/// </summary>
internal sealed class AzureBlobObjectStore : RemoteObjectStore
{
    private const int ReadBufferSize = 4 << 20;

    private readonly BlobContainerClient _container;
    private AzureBlobObjectStore(string root, BlobContainerClient container, string prefix, StorageOptions options)
        : base(root, prefix, options)
    {
        _container = container;
    }

    /// <summary>
    /// Opens the store of an <c>abfss://container@account.dfs.core.windows.net/path</c>, <c>az://container/path</c> or
    /// <c>https://account.blob.core.windows.net/container/path</c> location; null when the location is of another kind.
    /// </summary>
    public static AzureBlobObjectStore? TryCreate(string location, StorageOptions options)
    {
        if (!Uri.TryCreate(location, UriKind.Absolute, out Uri? uri))
        {
            return null;
        }

        string? account;
        string container;
        string path;
        Uri? service;
        switch (uri.Scheme)
        {
            case "abfss" or "abfs":
                // Databricks' form: the container is the user part, the DFS host names the account.
                account = uri.Host.Split('.')[0];
                container = uri.UserInfo;
                path = uri.AbsolutePath;
                service = new Uri($"https://{account}.blob.{uri.Host[(uri.Host.IndexOf(".dfs.", StringComparison.Ordinal) + 5)..]}");
                if (container.Length == 0 || !uri.Host.Contains(".dfs.", StringComparison.Ordinal))
                {
                    throw new ArgumentException($"'{location}' is not an ADLS location; the form is abfss://<container>@<account>.dfs.core.windows.net/<path>.", nameof(location));
                }

                break;
            case "az" or "azure":
                account = null;
                container = uri.Host;
                path = uri.AbsolutePath;
                service = null;
                break;
            case "https" or "http" when uri.Host.Contains(".blob.", StringComparison.Ordinal):
                account = uri.Host.Split('.')[0];
                string[] segments = uri.AbsolutePath.Split('/', 3, StringSplitOptions.RemoveEmptyEntries);
                container = segments.Length > 0 ? segments[0] : "";
                path = segments.Length > 1 ? segments[1] : "";
                service = new Uri(uri.GetLeftPart(UriPartial.Authority));
                break;
            default:
                return null;
        }

        if (container.Length == 0)
        {
            throw new ArgumentException($"'{location}' names no container.", nameof(location));
        }

        string prefix = Uri.UnescapeDataString(path).Trim('/');
        BlobServiceClient client = Connect(location, account, service, options);
        return new AzureBlobObjectStore(location.TrimEnd('/'), client.GetBlobContainerClient(container), prefix, options);
    }

    /// <remarks>Blob Storage's <c>startFrom</c> is inclusive, so an object named exactly <paramref name="after"/> is dropped from the answer.</remarks>
    public override async Task<IReadOnlyList<StoredObject>> ListAsync(string directory, bool recursive, string? after, CancellationToken cancellationToken)
    {
        string prefix = DirectoryPrefix(directory);
        string? startFrom = after is null ? null : ObjectName(after);
        var objects = new List<StoredObject>();
        try
        {
            if (recursive)
            {
                var options = new GetBlobsOptions { Traits = BlobTraits.Metadata, Prefix = prefix, StartFrom = startFrom };
                await foreach (BlobItem item in _container.GetBlobsAsync(options, cancellationToken).ConfigureAwait(false))
                {
                    Add(item);
                }
            }
            else
            {
                var options = new GetBlobsByHierarchyOptions { Traits = BlobTraits.Metadata, Delimiter = "/", Prefix = prefix, StartFrom = startFrom };
                await foreach (BlobHierarchyItem item in _container.GetBlobsByHierarchyAsync(options, cancellationToken).ConfigureAwait(false))
                {
                    if (item.IsBlob)
                    {
                        Add(item.Blob);
                    }
                }
            }
        }
        catch (Exception e) when (e is RequestFailedException or AuthenticationFailedException)
        {
            throw Failure(directory, e);
        }

        objects.Sort((a, b) => string.CompareOrdinal(a.Key, b.Key));
        return objects;

        void Add(BlobItem item)
        {
            // With a hierarchical namespace (ADLS Gen2) directories are listed as empty blobs marked hdi_isfolder.
            if (item.Metadata?.ContainsKey("hdi_isfolder") != true && item.Name != startFrom)
            {
                objects.Add(Stored(item));
            }
        }
    }

    public override async Task<IReadOnlyList<string>> ListDirectoriesAsync(string directory, CancellationToken cancellationToken)
    {
        string prefix = DirectoryPrefix(directory);
        var names = new List<string>();
        try
        {
            var options = new GetBlobsByHierarchyOptions { Delimiter = "/", Prefix = prefix };
            await foreach (BlobHierarchyItem item in _container.GetBlobsByHierarchyAsync(options, cancellationToken).ConfigureAwait(false))
            {
                if (item.IsPrefix)
                {
                    names.Add(item.Prefix[prefix.Length..].TrimEnd('/'));
                }
            }
        }
        catch (Exception e) when (e is RequestFailedException or AuthenticationFailedException)
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
            return await _container.GetBlobClient(ObjectName(key))
                .OpenReadAsync(new BlobOpenReadOptions(allowModifications: false) { BufferSize = ReadBufferSize }, cancellationToken)
                .ConfigureAwait(false);
        }
        catch (RequestFailedException e) when (e.ErrorCode == BlobErrorCode.BlobNotFound)
        {
            throw new FileNotFoundException($"'{Describe(key)}' does not exist.", Describe(key), e);
        }
        catch (Exception e) when (e is RequestFailedException or AuthenticationFailedException)
        {
            throw Failure(key, e);
        }
    }

    public override async Task<byte[]> ReadAllAsync(string key, CancellationToken cancellationToken)
    {
        try
        {
            Response<BlobDownloadResult> result = await _container.GetBlobClient(ObjectName(key)).DownloadContentAsync(cancellationToken).ConfigureAwait(false);
            return result.Value.Content.ToArray();
        }
        catch (RequestFailedException e) when (e.ErrorCode == BlobErrorCode.BlobNotFound)
        {
            throw new FileNotFoundException($"'{Describe(key)}' does not exist.", Describe(key), e);
        }
        catch (Exception e) when (e is RequestFailedException or AuthenticationFailedException)
        {
            throw Failure(key, e);
        }
    }

    /// <remarks>
    /// The object store sets the modification time itself, so <paramref name="lastModified"/> is not applied. When the
    /// name is taken, the existing blob is compared with <paramref name="content"/>: a retried request whose first attempt
    /// created the blob but lost its answer must count as won, or the commit would be written again at the next version.
    /// A commit's content is unique (its commitInfo timestamp and data file names), so equal bytes mean this writer's commit.
    /// </remarks>
    public override async Task<bool> PutIfAbsentAsync(string key, ReadOnlyMemory<byte> content, DateTimeOffset? lastModified, CancellationToken cancellationToken)
    {
        BlobClient blob = _container.GetBlobClient(ObjectName(key));
        try
        {
            await blob.UploadAsync(new BinaryData(content), new BlobUploadOptions { Conditions = new BlobRequestConditions { IfNoneMatch = ETag.All } }, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (RequestFailedException e) when (e.Status is 409 or 412)
        {
            byte[] existing = await ReadAllAsync(key, cancellationToken).ConfigureAwait(false);
            return existing.AsSpan().SequenceEqual(content.Span);
        }
        catch (Exception e) when (e is RequestFailedException or AuthenticationFailedException)
        {
            throw Failure(key, e);
        }
    }

    /// <remarks>A new object is uploaded with <c>If-None-Match: *</c>; 409 or 412 can only be this writer's own retried request (see <see cref="RemoteObjectStore.WriteAsync"/>).</remarks>
    protected override async Task UploadAsync(string key, Stream content, bool ifAbsent, CancellationToken cancellationToken)
    {
        var upload = new BlobUploadOptions { Conditions = ifAbsent ? new BlobRequestConditions { IfNoneMatch = ETag.All } : null };
        try
        {
            await _container.GetBlobClient(ObjectName(key)).UploadAsync(content, upload, cancellationToken).ConfigureAwait(false);
        }
        catch (RequestFailedException e) when (ifAbsent && e.Status is 409 or 412)
        {
        }
        catch (Exception e) when (e is RequestFailedException or AuthenticationFailedException)
        {
            throw Failure(key, e);
        }
    }

    public override async Task<VersionedObject?> TryReadVersionedAsync(string key, CancellationToken cancellationToken)
    {
        try
        {
            Response<BlobDownloadResult> result = await _container.GetBlobClient(ObjectName(key)).DownloadContentAsync(cancellationToken).ConfigureAwait(false);
            return new VersionedObject(result.Value.Content.ToArray(), result.Value.Details.ETag.ToString());
        }
        catch (RequestFailedException e) when (e.ErrorCode == BlobErrorCode.BlobNotFound)
        {
            return null;
        }
        catch (Exception e) when (e is RequestFailedException or AuthenticationFailedException)
        {
            throw Failure(key, e);
        }
    }

    /// <remarks>Put Blob with <c>If-Match</c>: 412 ConditionNotMet means changed, 404 deleted.</remarks>
    public override async Task<string?> ReplaceIfMatchAsync(string key, ReadOnlyMemory<byte> content, string etag, CancellationToken cancellationToken)
    {
        try
        {
            Response<BlobContentInfo> result = await _container.GetBlobClient(ObjectName(key)).UploadAsync(
                new BinaryData(content), new BlobUploadOptions { Conditions = new BlobRequestConditions { IfMatch = new ETag(etag) } }, cancellationToken).ConfigureAwait(false);
            return result.Value.ETag.ToString();
        }
        catch (RequestFailedException e) when (e.Status is 412 || e.ErrorCode == BlobErrorCode.BlobNotFound)
        {
            return null;
        }
        catch (Exception e) when (e is RequestFailedException or AuthenticationFailedException)
        {
            throw Failure(key, e);
        }
    }

    public override async Task<bool> DeleteIfMatchAsync(string key, string etag, CancellationToken cancellationToken)
    {
        try
        {
            Response<bool> deleted = await _container.GetBlobClient(ObjectName(key))
                .DeleteIfExistsAsync(conditions: new BlobRequestConditions { IfMatch = new ETag(etag) }, cancellationToken: cancellationToken).ConfigureAwait(false);
            return deleted.Value;
        }
        catch (RequestFailedException e) when (e.Status is 412)
        {
            return false;
        }
        catch (Exception e) when (e is RequestFailedException or AuthenticationFailedException)
        {
            throw Failure(key, e);
        }
    }

    public override async Task DeleteAsync(string key, CancellationToken cancellationToken)
    {
        try
        {
            await _container.GetBlobClient(ObjectName(key)).DeleteIfExistsAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is RequestFailedException or AuthenticationFailedException)
        {
            throw Failure(key, e);
        }
    }

    private static BlobServiceClient Connect(string location, string? account, Uri? service, StorageOptions options)
    {
        var clientOptions = new BlobClientOptions();
        clientOptions.Retry.Mode = RetryMode.Exponential;
        clientOptions.Retry.MaxRetries = options.MaxRetries;
        clientOptions.Retry.Delay = options.RetryDelay;
        clientOptions.Retry.MaxDelay = options.MaxRetryDelay;
        clientOptions.Retry.NetworkTimeout = options.NetworkTimeout;
        options.ConfigureAzureClient?.Invoke(clientOptions);

        string? connectionString = options.AzureConnectionString ?? Environment.GetEnvironmentVariable("AZURE_STORAGE_CONNECTION_STRING");
        if (!string.IsNullOrEmpty(connectionString))
        {
            BlobServiceClient client;
            try
            {
                client = new BlobServiceClient(connectionString, clientOptions);
            }
            catch (FormatException e)
            {
                throw new ArgumentException($"The Azure Storage connection string for '{location}' is malformed: {e.Message}", nameof(options), e);
            }

            return account is null || string.Equals(client.AccountName, account, StringComparison.OrdinalIgnoreCase)
                ? client
                : throw new ArgumentException($"'{location}' is in storage account '{account}', but the connection string is for account '{client.AccountName}'.", nameof(options));
        }

        account ??= Environment.GetEnvironmentVariable("AZURE_STORAGE_ACCOUNT_NAME")
            ?? throw new ArgumentException($"'{location}' names no storage account: set AZURE_STORAGE_ACCOUNT_NAME or AZURE_STORAGE_CONNECTION_STRING, or use abfss://<container>@<account>.dfs.core.windows.net/<path>.", nameof(location));
        service ??= new Uri($"https://{account}.blob.core.windows.net");
        string? sas = options.AzureSasToken ?? Environment.GetEnvironmentVariable("AZURE_STORAGE_SAS_TOKEN");
        if (!string.IsNullOrEmpty(sas))
        {
            return new BlobServiceClient(service, new AzureSasCredential(sas), clientOptions);
        }

        string? key = options.AzureAccountKey ?? Environment.GetEnvironmentVariable("AZURE_STORAGE_ACCOUNT_KEY");
        if (!string.IsNullOrEmpty(key))
        {
            return new BlobServiceClient(service, new StorageSharedKeyCredential(account, key), clientOptions);
        }

        return new BlobServiceClient(service, options.AzureCredential ?? new DefaultAzureCredential(), clientOptions);
    }

    private StoredObject Stored(BlobItem item) =>
        new(KeyOf(item.Name), item.Properties.ContentLength ?? 0, item.Properties.LastModified ?? DateTimeOffset.MinValue);

    private StorageException Failure(string key, Exception error)
    {
        string name = key.Length == 0 ? Root : Describe(key);
        if (error is AuthenticationFailedException)
        {
            return new StorageException(name, 0, $"no Microsoft Entra credential was available for account '{_container.AccountName}' ({error.Message.Split('\n')[0]}); set AZURE_STORAGE_CONNECTION_STRING, a key or a SAS, or sign in (az login, managed identity).", error);
        }

        var e = (RequestFailedException)error;
        string problem = (e.Status, e.ErrorCode) switch
        {
            (404, "ContainerNotFound") => $"the container '{_container.Name}' does not exist in storage account '{_container.AccountName}'; create it first.",
            (403, _) => $"the storage account '{_container.AccountName}' refused the request ({e.Status} {e.ErrorCode}): the credentials are wrong or do not grant access to container '{_container.Name}'.",
            (0, _) => $"no answer from {_container.Uri.GetLeftPart(UriPartial.Authority)} after the storage client's retries ({e.InnerException?.Message ?? e.Message}).",
            (500 or 503, _) => $"the storage service stayed unavailable or kept throttling ({e.Status} {e.ErrorCode}) through the storage client's retries with back-off; retry later or raise StorageOptions.MaxRetries.",
            _ => $"the storage service answered {e.Status} {e.ErrorCode}: {e.Message.Split('\n')[0]}",
        };
        return new StorageException(name, e.Status, problem, error);
    }
}
