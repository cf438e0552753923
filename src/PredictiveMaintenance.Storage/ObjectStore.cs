namespace PredictiveMaintenance.Storage;

/// <summary>An object in a store: its key relative to the store's root ('/'-separated), size and modification time.</summary>
/// <param name="Key">The key, relative to <see cref="ObjectStore.Root"/>.</param>
/// <param name="Length">The size in bytes.</param>
/// <param name="LastModified">When it was last written.</param>
public readonly record struct StoredObject(string Key, long Length, DateTimeOffset LastModified)
{
    /// <summary>The last segment of the key.</summary>
    public string Name => Key[(Key.LastIndexOf('/') + 1)..];
}

/// <summary>
/// Where bytes live, under one root: a local directory, or a prefix of an Azure container or S3 bucket. The few operations
/// that a Delta log, a staging area and a tracking store need of a file system or an object store: ordered listing,
/// ranged reads, put-if-absent for mutual exclusion, replacement and deletion.
/// </summary>
/// <remarks>
/// Keys are relative to the root with '/' separators. A missing object is reported as a
/// <see cref="FileNotFoundException"/> whose <see cref="FileNotFoundException.FileName"/> is <see cref="Describe"/> of its key.
/// </remarks>
public abstract class ObjectStore
{
    /// <summary>The store's location as users wrote it, normalized: an absolute directory or a URI.</summary>
    public abstract string Root { get; }

    /// <summary>The full name of an object, for messages and for comparing keys: a path or a URI.</summary>
    public abstract string Describe(string key);

    /// <summary>The objects under <paramref name="directory"/> ("" for the root): direct children, or every descendant when <paramref name="recursive"/>; in ordinal key order.</summary>
    public Task<IReadOnlyList<StoredObject>> ListAsync(string directory, bool recursive, CancellationToken cancellationToken) =>
        ListAsync(directory, recursive, after: null, cancellationToken);

    /// <summary>
    /// The objects under <paramref name="directory"/> whose keys sort ordinally after <paramref name="after"/> (every one when null),
    /// in ordinal key order; an object store starts its listing there rather than filtering a whole one.
    /// </summary>
    public abstract Task<IReadOnlyList<StoredObject>> ListAsync(string directory, bool recursive, string? after, CancellationToken cancellationToken);

    /// <summary>The names of the directories directly under <paramref name="directory"/> ("" for the root): the next key segments that have objects below them, in ordinal order.</summary>
    public abstract Task<IReadOnlyList<string>> ListDirectoriesAsync(string directory, CancellationToken cancellationToken);

    /// <summary>Whether listing is costly enough (paged requests to a remote store) to read a hint first so as to list less.</summary>
    public abstract bool ListingIsRemote { get; }

    /// <summary>Opens a seekable stream over an object; reads fetch the ranges they need.</summary>
    public abstract Task<Stream> OpenReadAsync(string key, CancellationToken cancellationToken);

    /// <summary>Reads a whole (small) object.</summary>
    public abstract Task<byte[]> ReadAllAsync(string key, CancellationToken cancellationToken);

    /// <summary>Creates an object with <paramref name="content"/> only if the key is free, atomically: readers see all of it or nothing; returns false when the key is taken.</summary>
    public abstract Task<bool> PutIfAbsentAsync(string key, ReadOnlyMemory<byte> content, DateTimeOffset? lastModified, CancellationToken cancellationToken);

    /// <summary>Writes an object through <paramref name="write"/>: a new one (whose name must be free), or a replacement visible whole at once; returns its size in bytes.</summary>
    public abstract Task<long> WriteAsync(string key, Func<Stream, Task> write, bool replace, CancellationToken cancellationToken);

    /// <summary>
    /// Takes the exclusive lease on the object of <paramref name="key"/> (created when missing) for as long as the returned
    /// lease is not disposed; a holder that dies releases it (local disk) or lets it expire (object stores, after
    /// <see cref="StorageOptions.LeaseDuration"/>).
    /// </summary>
    /// <exception cref="LeaseTakenException">Another holder has the lease.</exception>
    public abstract Task<ObjectLease> AcquireLeaseAsync(string key, CancellationToken cancellationToken);

    /// <summary>Deletes an object; a missing one is not an error.</summary>
    public abstract Task DeleteAsync(string key, CancellationToken cancellationToken);
}
