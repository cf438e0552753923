namespace PredictiveMaintenance.Storage;

/// <summary>A store in a local directory. New objects are published with <c>link(2)</c>, whole and only if the name is free (<see cref="AtomicFile"/>).</summary>
/// <param name="root">The directory; it need not exist until something is written.</param>
public sealed class LocalObjectStore(string root) : ObjectStore
{
    /// <inheritdoc />
    public override string Root { get; } = Path.GetFullPath(root);

    /// <inheritdoc />
    public override string Describe(string key) => Path.GetFullPath(FullPath(key));

    /// <inheritdoc />
    public override bool ListingIsRemote => false;

    /// <inheritdoc />
    public override Task<IReadOnlyList<StoredObject>> ListAsync(string directory, bool recursive, string? after, CancellationToken cancellationToken)
    {
        IReadOnlyList<StoredObject> objects = List(directory, recursive);
        return Task.FromResult(after is null ? objects : (IReadOnlyList<StoredObject>)[.. objects.Where(o => string.CompareOrdinal(o.Key, after) > 0)]);
    }

    /// <summary>The synchronous listing behind <see cref="ListAsync(string, bool, string?, CancellationToken)"/>, for callers that cannot wait (the synchronous <c>DeltaTable.Exists</c> and <c>Open</c>).</summary>
    /// <param name="directory">The directory key; "" for the root.</param>
    /// <param name="recursive">Whether to list every descendant rather than the direct children.</param>
    public IReadOnlyList<StoredObject> List(string directory, bool recursive)
    {
        string full = FullPath(directory);
        if (!Directory.Exists(full))
        {
            return [];
        }

        var objects = new List<StoredObject>();
        foreach (FileInfo file in new DirectoryInfo(full).EnumerateFiles("*", recursive ? SearchOption.AllDirectories : SearchOption.TopDirectoryOnly))
        {
            string key = Path.GetRelativePath(Root, file.FullName).Replace(Path.DirectorySeparatorChar, '/');
            try
            {
                objects.Add(new StoredObject(key, file.Length, new DateTimeOffset(file.LastWriteTimeUtc, TimeSpan.Zero)));
            }
            catch (FileNotFoundException)
            {
                // Deleted between readdir and stat (a writer's temporary file): as if listed a moment later.
            }
        }

        objects.Sort((a, b) => string.CompareOrdinal(a.Key, b.Key));
        return objects;
    }

    /// <inheritdoc />
    public override Task<IReadOnlyList<string>> ListDirectoriesAsync(string directory, CancellationToken cancellationToken)
    {
        string full = FullPath(directory);
        IReadOnlyList<string> names = Directory.Exists(full)
            ? [.. Directory.EnumerateDirectories(full).Select(Path.GetFileName).OfType<string>().Order(StringComparer.Ordinal)]
            : [];
        return Task.FromResult(names);
    }

    /// <inheritdoc />
    public override Task<Stream> OpenReadAsync(string key, CancellationToken cancellationToken)
    {
        string path = FullPath(key);
        try
        {
            return Task.FromResult<Stream>(new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.Asynchronous));
        }
        catch (DirectoryNotFoundException e)
        {
            throw new FileNotFoundException($"'{path}' does not exist.", Describe(key), e);
        }
    }

    /// <inheritdoc />
    public override async Task<byte[]> ReadAllAsync(string key, CancellationToken cancellationToken)
    {
        string path = FullPath(key);
        try
        {
            return await File.ReadAllBytesAsync(path, cancellationToken).ConfigureAwait(false);
        }
        catch (DirectoryNotFoundException e)
        {
            throw new FileNotFoundException($"'{path}' does not exist.", Describe(key), e);
        }
    }

    /// <inheritdoc />
    public override Task<bool> PutIfAbsentAsync(string key, ReadOnlyMemory<byte> content, DateTimeOffset? lastModified, CancellationToken cancellationToken)
    {
        string path = FullPath(key);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        return AtomicFile.TryCreateAsync(path, content, lastModified?.UtcDateTime, cancellationToken);
    }

    /// <inheritdoc />
    public override async Task<long> WriteAsync(string key, Func<Stream, Task> write, bool replace, CancellationToken cancellationToken)
    {
        string path = FullPath(key);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        if (replace)
        {
            await AtomicFile.ReplaceAsync(path, write).ConfigureAwait(false);
        }
        else
        {
            FileStream stream = new(path, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 1 << 16, FileOptions.Asynchronous);
            await using (stream.ConfigureAwait(false))
            {
                await write(stream).ConfigureAwait(false);
                stream.Flush(flushToDisk: true);
            }
        }

        return new FileInfo(path).Length;
    }

    /// <inheritdoc />
    /// <remarks>The file is opened for exclusive access and kept open; the operating system closes it if the process dies.</remarks>
    public override Task<ObjectLease> AcquireLeaseAsync(string key, CancellationToken cancellationToken)
    {
        string path = FullPath(key);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        try
        {
            return Task.FromResult<ObjectLease>(new OpenFileLease(path, new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None)));
        }
        catch (IOException e)
        {
            throw new LeaseTakenException(path, null, null, e);
        }
    }

    /// <inheritdoc />
    public override Task DeleteAsync(string key, CancellationToken cancellationToken)
    {
        File.Delete(FullPath(key));
        return Task.CompletedTask;
    }

    /// <summary>The path of a key: relative to the root, or an absolute path that an add action named (PROTOCOL.md, Add File: paths may be absolute).</summary>
    private string FullPath(string key)
    {
        if (StorageLocation.HasScheme(key))
        {
            throw new ArgumentException($"'{key}' is on another file system than the store '{Root}'; a local store reads local files only.", nameof(key));
        }

        return Path.IsPathRooted(key) ? key : Path.Combine(Root, key.Replace('/', Path.DirectorySeparatorChar));
    }

    /// <summary>A lease held by an open file.</summary>
    private sealed class OpenFileLease(string path, FileStream file) : ObjectLease
    {
        public override string ObjectName => path;

        public override void ThrowIfLost()
        {
        }

        protected override ValueTask DisposeAsyncCore() => file.DisposeAsync();
    }
}
