using System.Net.Sockets;
using Azure.Storage.Blobs;
using PredictiveMaintenance.Storage;

namespace PredictiveMaintenance.DeltaLake.Tests;

/// <summary>
/// The Azure Storage emulator on 127.0.0.1: blob service on 10000, queue on 10001, table on 10002 (the distributed runs'
/// task hub needs all three), which .ci/run starts (<c>npx azurite --location &lt;tmp&gt; --silent --skipApiVersionCheck</c>).
/// Tests that need it skip, with the reason, where it is not running, unless <c>PDM_REQUIRE_AZURITE=1</c> (set by .ci/run):
/// then they run and fail, so that CI cannot pass without the emulator.
/// </summary>
internal static class Azurite
{
    public const string ConnectionString = "UseDevelopmentStorage=true";

    public const string Account = "devstoreaccount1";

    private static readonly Lazy<bool> Running = new(() => new[] { 10000, 10001, 10002 }.All(port =>
    {
        try
        {
            using var client = new TcpClient();
            return client.ConnectAsync("127.0.0.1", port).Wait(TimeSpan.FromSeconds(1));
        }
        catch (AggregateException)
        {
            return false;
        }
    }));

    public static string? SkipReason =>
        Running.Value || Environment.GetEnvironmentVariable("PDM_REQUIRE_AZURITE") == "1"
            ? null
            : "Azurite is not listening on 127.0.0.1:10000 to 10002 (blob, queue, table). Start it with: npx azurite --location <folder> --silent --skipApiVersionCheck (as .ci/run does).";

    /// <summary>Azurite's credentials, with short retries so that tests of failures do not wait long.</summary>
    public static StorageOptions Storage { get; } = new() { AzureConnectionString = ConnectionString, MaxRetries = 2, RetryDelay = TimeSpan.FromMilliseconds(50) };

    /// <summary>Creates a container with a new name, deleted when the returned value is disposed.</summary>
    public static async Task<AzuriteContainer> CreateContainerAsync()
    {
        BlobContainerClient container = new BlobServiceClient(ConnectionString).GetBlobContainerClient("t" + Guid.NewGuid().ToString("N"));
        await container.CreateAsync();
        return new AzuriteContainer(container);
    }
}

/// <summary>A container in Azurite for one test.</summary>
internal sealed class AzuriteContainer(BlobContainerClient client) : IAsyncDisposable
{
    public BlobContainerClient Client { get; } = client;

    public string Name => Client.Name;

    /// <summary>The <c>az://</c> location of a path in the container.</summary>
    public string Az(string path) => $"az://{Name}/{path}";

    /// <summary>The <c>abfss://</c> location of a path in the container (Databricks' form).</summary>
    public string Abfss(string path) => $"abfss://{Name}@{Azurite.Account}.dfs.core.windows.net/{path}";

    /// <summary>Uploads a local directory tree under <paramref name="prefix"/>, one blob per file.</summary>
    public async Task UploadDirectoryAsync(string directory, string prefix)
    {
        string[] files = Directory.GetFiles(directory, "*", SearchOption.AllDirectories);
        await Parallel.ForEachAsync(files, new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (file, cancellationToken) =>
        {
            string name = prefix + "/" + Path.GetRelativePath(directory, file).Replace(Path.DirectorySeparatorChar, '/');
            await Client.GetBlobClient(name).UploadAsync(file, cancellationToken);
        });
    }

    /// <summary>The names of the blobs under <paramref name="prefix"/>, in the service's (ordinal) order.</summary>
    public async Task<List<string>> NamesAsync(string prefix)
    {
        var names = new List<string>();
        await foreach (Azure.Storage.Blobs.Models.BlobItem item in Client.GetBlobsAsync(Azure.Storage.Blobs.Models.BlobTraits.None, Azure.Storage.Blobs.Models.BlobStates.None, prefix, CancellationToken.None))
        {
            names.Add(item.Name);
        }

        return names;
    }

    public async ValueTask DisposeAsync() => await Client.DeleteIfExistsAsync();
}

/// <summary>A fact that needs Azurite (see <see cref="Azurite"/>).</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class AzuriteFactAttribute : FactAttribute
{
    public AzuriteFactAttribute() => Skip = Azurite.SkipReason;
}

/// <summary>A theory that needs Azurite (see <see cref="Azurite"/>).</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class AzuriteTheoryAttribute : TheoryAttribute
{
    public AzuriteTheoryAttribute() => Skip = Azurite.SkipReason;
}
