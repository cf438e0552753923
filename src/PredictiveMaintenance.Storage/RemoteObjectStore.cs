namespace PredictiveMaintenance.Storage;

/// <summary>An object's content and the ETag the store gave that version of it.</summary>
internal sealed record VersionedObject(byte[] Content, string ETag);

/// <summary>What the object stores share: a store is the objects under one prefix of a container or bucket, named by the location's URI.</summary>
internal abstract class RemoteObjectStore(string root, string prefix, StorageOptions options) : ObjectStore
{
    public override string Root { get; } = root;

    /// <summary>The options the store was opened with.</summary>
    protected StorageOptions Options { get; } = options;

    /// <summary>The table's prefix in the container or bucket, without a trailing '/'; empty for the whole container.</summary>
    protected string Prefix { get; } = prefix;

    public override string Describe(string key) => Root + "/" + RelativeKey(key);

    public sealed override bool ListingIsRemote => true;

    /// <remarks>
    /// The content is staged in a temporary file, so that writers that need a seekable stream (Parquet) can use it, and
    /// uploaded in one request or as parts committed at once: readers never see part of it. A new object is uploaded only
    /// if its name is free; its name is unique (a new GUID), so "taken" can only be this writer's own retried request.
    /// </remarks>
    public sealed override async Task<long> WriteAsync(string key, Func<Stream, Task> write, bool replace, CancellationToken cancellationToken)
    {
        var buffer = new FileStream(Path.GetTempFileName(), FileMode.Create, FileAccess.ReadWrite, FileShare.None, 1 << 16, FileOptions.Asynchronous | FileOptions.DeleteOnClose);
        await using (buffer.ConfigureAwait(false))
        {
            await write(buffer).ConfigureAwait(false);
            buffer.Position = 0;
            await UploadAsync(key, buffer, ifAbsent: !replace, cancellationToken).ConfigureAwait(false);
            return buffer.Length;
        }
    }

    /// <remarks>A lease record renewed in the background (<see cref="RenewedLease"/>), built on the conditional requests below.</remarks>
    public sealed override async Task<ObjectLease> AcquireLeaseAsync(string key, CancellationToken cancellationToken) =>
        await RenewedLease.AcquireAsync(this, key, Options.LeaseDuration, TimeProvider.System, cancellationToken).ConfigureAwait(false);

    /// <summary>Reads a whole (small) object with its ETag; null when it does not exist.</summary>
    public abstract Task<VersionedObject?> TryReadVersionedAsync(string key, CancellationToken cancellationToken);

    /// <summary>Replaces an object only if its ETag is still <paramref name="etag"/>; returns the new ETag, or null when it changed or was deleted.</summary>
    public abstract Task<string?> ReplaceIfMatchAsync(string key, ReadOnlyMemory<byte> content, string etag, CancellationToken cancellationToken);

    /// <summary>Deletes an object only if its ETag is still <paramref name="etag"/>; returns false when it changed or was deleted.</summary>
    public abstract Task<bool> DeleteIfMatchAsync(string key, string etag, CancellationToken cancellationToken);

    /// <summary>Uploads <paramref name="content"/> as the object of <paramref name="key"/>; when <paramref name="ifAbsent"/>, only if the name is free, treating "taken" as done.</summary>
    protected abstract Task UploadAsync(string key, Stream content, bool ifAbsent, CancellationToken cancellationToken);

    /// <summary>The object name of a key in the container or bucket.</summary>
    protected string ObjectName(string key)
    {
        string relative = RelativeKey(key);
        return Prefix.Length == 0 ? relative : relative.Length == 0 ? Prefix : Prefix + "/" + relative;
    }

    /// <summary>The key of an object name listed under the table's prefix.</summary>
    protected string KeyOf(string objectName) => objectName[(Prefix.Length == 0 ? 0 : Prefix.Length + 1)..];

    /// <summary>The listing prefix of a directory key: its object name and a '/', or empty for the container's root.</summary>
    protected string DirectoryPrefix(string directory)
    {
        string name = ObjectName(directory);
        return name.Length == 0 ? "" : name + "/";
    }

    /// <summary>A key relative to the table, also for an absolute URI that an add action named under the table's location.</summary>
    private string RelativeKey(string key)
    {
        if (!StorageLocation.HasScheme(key))
        {
            return key;
        }

        return key.StartsWith(Root + "/", StringComparison.Ordinal)
            ? Uri.UnescapeDataString(key[(Root.Length + 1)..])
            : throw new ArgumentException($"'{key}' is outside the store '{Root}'; a store reads objects under its location only.", nameof(key));
    }
}
