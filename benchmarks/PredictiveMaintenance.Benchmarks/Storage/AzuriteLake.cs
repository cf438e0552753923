using Azure;
using Azure.Storage.Blobs;

namespace PredictiveMaintenance.Benchmarks;

/// <summary>
/// A container of its own in the Azure Storage account the storage benchmarks use: <c>AZURE_STORAGE_CONNECTION_STRING</c>,
/// or Azurite on 127.0.0.1:10000 (<c>UseDevelopmentStorage=true</c>), which .ci/run starts for the benchmark check.
/// </summary>
internal sealed class AzuriteLake
{
    private AzuriteLake(BlobContainerClient container, string connectionString)
    {
        Container = container;
        ConnectionString = connectionString;
    }

    public BlobContainerClient Container { get; }

    public string ConnectionString { get; }

    /// <summary>Creates a container with a new name; fails, saying how to start Azurite, when the account does not answer.</summary>
    public static async Task<AzuriteLake> CreateAsync()
    {
        string connectionString = Environment.GetEnvironmentVariable("AZURE_STORAGE_CONNECTION_STRING") is { Length: > 0 } configured ? configured : "UseDevelopmentStorage=true";
        var options = new BlobClientOptions();
        options.Retry.MaxRetries = 0;
        BlobContainerClient container = new BlobServiceClient(connectionString, options).GetBlobContainerClient("bench" + Guid.NewGuid().ToString("N"));
        try
        {
            await container.CreateAsync();
        }
        catch (Exception e) when (e is RequestFailedException or AggregateException)
        {
            throw new InvalidOperationException(
                "The storage benchmarks need Azurite on 127.0.0.1:10000 (npx azurite-blob --location <folder> --silent --skipApiVersionCheck, as .ci/run starts it) "
                + $"or AZURE_STORAGE_CONNECTION_STRING; creating container '{container.Name}' failed: {e.Message}",
                e);
        }

        return new AzuriteLake(new BlobServiceClient(connectionString).GetBlobContainerClient(container.Name), connectionString);
    }

    /// <summary>The <c>az://</c> location of a path in the container.</summary>
    public string Location(string path) => $"az://{Container.Name}/{path}";

    /// <summary>Deletes the blobs under <paramref name="prefix"/>.</summary>
    public async Task DeleteAsync(string prefix)
    {
        await foreach (Azure.Storage.Blobs.Models.BlobItem item in Container.GetBlobsAsync(new Azure.Storage.Blobs.Models.GetBlobsOptions { Prefix = prefix }))
        {
            await Container.DeleteBlobIfExistsAsync(item.Name);
        }
    }
}
