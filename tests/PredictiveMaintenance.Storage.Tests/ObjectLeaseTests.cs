using System.Text;
using PredictiveMaintenance.DeltaLake.Tests;

namespace PredictiveMaintenance.Storage.Tests;

/// <summary>Leases on local disk (an open file), in Azurite and against the S3 fake (a renewed lease record with If-Match); every case needs Azurite running, as .ci/run has it.</summary>
public sealed class ObjectLeaseTests
{
    private static readonly TimeSpan Short = TimeSpan.FromSeconds(1.5);

    public static TheoryData<string> AllStores => ["local", "azurite", "s3"];

    public static TheoryData<string> ObjectStores => ["azurite", "s3"];

    [AzuriteTheory]
    [MemberData(nameof(AllStores))]
    public async Task AcquireLeaseAsync_Held_ASecondHolderIsRefusedNamingTheObjectUntilItIsReleased(string kind)
    {
        await using Store store = await Store.CreateAsync(kind, TimeSpan.FromSeconds(60));

        ObjectLease first = await store.Objects.AcquireLeaseAsync("state/.lock", CancellationToken.None);
        LeaseTakenException refused = await Assert.ThrowsAsync<LeaseTakenException>(() => store.Objects.AcquireLeaseAsync("state/.lock", CancellationToken.None));
        string name = first.ObjectName;
        await first.DisposeAsync();
        await using ObjectLease second = await store.Objects.AcquireLeaseAsync("state/.lock", CancellationToken.None);

        Assert.Equal(store.Objects.Describe("state/.lock"), name);
        Assert.Equal(name, refused.ObjectName);
        Assert.Equal(409, refused.Status);
        if (kind != "local")
        {
            Assert.StartsWith($"{Environment.MachineName}:{Environment.ProcessId}:", refused.Holder, StringComparison.Ordinal);
            Assert.InRange(refused.Expires!.Value, DateTimeOffset.UtcNow.AddSeconds(30), DateTimeOffset.UtcNow.AddSeconds(61));
            Assert.Equal($"{name}: '{refused.Holder}' holds the lease until {refused.Expires.Value.UtcDateTime:yyyy-MM-ddTHH:mm:ss.fffZ} unless it renews it.", refused.Message);
        }
    }

    [AzuriteTheory]
    [MemberData(nameof(ObjectStores))]
    public async Task AcquireLeaseAsync_RecordOfAHolderThatStoppedRenewing_RefusedUntilItExpiresThenTakenOver(string kind)
    {
        await using Store store = await Store.CreateAsync(kind, TimeSpan.FromSeconds(60));
        await store.Objects.PutIfAbsentAsync("live", Record("other-host:42:a", DateTimeOffset.UtcNow.AddMinutes(5)), null, CancellationToken.None);
        await store.Objects.PutIfAbsentAsync("dead", Record("other-host:42:b", DateTimeOffset.UtcNow.AddSeconds(-1)), null, CancellationToken.None);

        LeaseTakenException refused = await Assert.ThrowsAsync<LeaseTakenException>(() => store.Objects.AcquireLeaseAsync("live", CancellationToken.None));
        await using ObjectLease taken = await store.Objects.AcquireLeaseAsync("dead", CancellationToken.None);
        string record = Encoding.UTF8.GetString(await store.Objects.ReadAllAsync("dead", CancellationToken.None));

        Assert.Equal("other-host:42:a", refused.Holder);
        Assert.Contains($"\"holder\":\"{Environment.MachineName}:{Environment.ProcessId}:", record, StringComparison.Ordinal);
        taken.ThrowIfLost();
    }

    [AzuriteTheory]
    [MemberData(nameof(ObjectStores))]
    public async Task AcquireLeaseAsync_HeldPastSeveralDurations_RenewalsKeepItAndDisposeReleasesIt(string kind)
    {
        await using Store store = await Store.CreateAsync(kind, Short);

        await using (ObjectLease lease = await store.Objects.AcquireLeaseAsync("lock", CancellationToken.None))
        {
            await Task.Delay(Short * 3);
            await Assert.ThrowsAsync<LeaseTakenException>(() => store.Objects.AcquireLeaseAsync("lock", CancellationToken.None));
            lease.ThrowIfLost();
        }

        Assert.Empty(await store.Objects.ListAsync("", recursive: true, CancellationToken.None));
    }

    [AzuriteTheory]
    [MemberData(nameof(ObjectStores))]
    public async Task ThrowIfLost_RecordReplacedByAnotherHolder_FailsAndDisposeLeavesTheOthersRecord(string kind)
    {
        await using Store store = await Store.CreateAsync(kind, Short);
        byte[] other = Record("other-host:7:c", DateTimeOffset.UtcNow.AddMinutes(5));

        ObjectLease lease = await store.Objects.AcquireLeaseAsync("lock", CancellationToken.None);
        await store.Objects.WriteAsync("lock", s => s.WriteAsync(other).AsTask(), replace: true, CancellationToken.None);
        await Task.Delay(Short);
        LeaseTakenException lost = Assert.Throws<LeaseTakenException>(lease.ThrowIfLost);
        await lease.DisposeAsync();

        Assert.StartsWith($"{store.Objects.Describe("lock")}: the lease of '{Environment.MachineName}:{Environment.ProcessId}:", lost.Message, StringComparison.Ordinal);
        Assert.EndsWith("was lost (the lease record changed: another holder took it).", lost.Message, StringComparison.Ordinal);
        Assert.Equal(other, await store.Objects.ReadAllAsync("lock", CancellationToken.None));
    }

    private static byte[] Record(string holder, DateTimeOffset expires) =>
        Encoding.UTF8.GetBytes($"{{\"holder\":\"{holder}\",\"expires\":\"{expires.UtcDateTime:O}\"}}");

    /// <summary>A fresh store of one kind: a temporary folder, an Azurite container, or a bucket of an S3 fake.</summary>
    private sealed class Store : IAsyncDisposable
    {
        private readonly IAsyncDisposable? _container;
        private readonly IDisposable? _resource;

        private Store(ObjectStore objects, IAsyncDisposable? container, IDisposable? resource)
        {
            Objects = objects;
            _container = container;
            _resource = resource;
        }

        public ObjectStore Objects { get; }

        public static async Task<Store> CreateAsync(string kind, TimeSpan leaseDuration)
        {
            switch (kind)
            {
                case "local":
                    var folder = new TempDirectory();
                    return new Store(StorageLocation.Open(folder.Path), null, folder);
                case "azurite":
                    AzuriteContainer container = await Azurite.CreateContainerAsync();
                    var options = new StorageOptions { AzureConnectionString = Azurite.ConnectionString, MaxRetries = 2, LeaseDuration = leaseDuration };
                    return new Store(StorageLocation.Open(container.Az("p"), options), container, null);
                default:
                    var s3 = new S3Fake("lake");
                    return new Store(StorageLocation.Open("s3://lake/p", s3.Storage(leaseDuration: leaseDuration)), null, s3);
            }
        }

        public async ValueTask DisposeAsync()
        {
            if (_container is not null)
            {
                await _container.DisposeAsync();
            }

            _resource?.Dispose();
        }
    }
}
