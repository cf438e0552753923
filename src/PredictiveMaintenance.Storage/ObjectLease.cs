namespace PredictiveMaintenance.Storage;

/// <summary>
/// An exclusive lease on one object of a store, taken with <see cref="ObjectStore.AcquireLeaseAsync"/> and held until
/// disposed: by an open file that the operating system releases when the process dies on local disk, by a lease record
/// that is renewed in the background and expires when its holder stops renewing it in an object store.
/// </summary>
public abstract class ObjectLease : IAsyncDisposable
{
    /// <summary>The leased object's full name.</summary>
    public abstract string ObjectName { get; }

    /// <summary>Fails when the lease was lost (its renewal failed past its expiry, or another holder took it since); call it before a step that needs the lease.</summary>
    /// <exception cref="LeaseTakenException">The lease is no longer held.</exception>
    public abstract void ThrowIfLost();

    /// <summary>Releases the lease.</summary>
    public async ValueTask DisposeAsync()
    {
        await DisposeAsyncCore().ConfigureAwait(false);
        GC.SuppressFinalize(this);
    }

    /// <summary>Releases the lease.</summary>
    protected abstract ValueTask DisposeAsyncCore();
}
