using Azure.Core;

namespace PredictiveMaintenance.Storage;

/// <summary>
/// How a table in object storage (Azure Blob Storage, ADLS Gen2, Amazon S3) is reached: credentials, endpoint and the storage clients' retry policy. Each credential left
/// null is read from the environment variable that the Azure SDK's conventions name; local directories need none.
/// </summary>
/// <remarks>
/// For Azure the first that applies is used: <see cref="AzureConnectionString"/> (or <c>AZURE_STORAGE_CONNECTION_STRING</c>),
/// then <see cref="AzureSasToken"/> (<c>AZURE_STORAGE_SAS_TOKEN</c>), then <see cref="AzureAccountKey"/>
/// (<c>AZURE_STORAGE_ACCOUNT_KEY</c>), then <see cref="AzureCredential"/>, and otherwise <c>DefaultAzureCredential</c>
/// (environment, workload identity, managed identity, Azure CLI). For <c>az://</c> locations, which name no account, the
/// account comes from the connection string or <c>AZURE_STORAGE_ACCOUNT_NAME</c>.
/// </remarks>
public sealed class StorageOptions
{
    /// <summary>An Azure Storage connection string (<c>UseDevelopmentStorage=true</c> for Azurite); default <c>AZURE_STORAGE_CONNECTION_STRING</c>.</summary>
    public string? AzureConnectionString { get; init; }

    /// <summary>A shared access signature for the account or container; default <c>AZURE_STORAGE_SAS_TOKEN</c>.</summary>
    public string? AzureSasToken { get; init; }

    /// <summary>The storage account's shared key; default <c>AZURE_STORAGE_ACCOUNT_KEY</c>.</summary>
    public string? AzureAccountKey { get; init; }

    /// <summary>A Microsoft Entra credential; default <c>DefaultAzureCredential</c> when no other credential is given.</summary>
    public TokenCredential? AzureCredential { get; init; }

    /// <summary>
    /// Adjusts the Azure SDK's client options after the retry settings above are applied: a pipeline policy for request
    /// metrics or logging (<see cref="Azure.Core.ClientOptions.AddPolicy"/>), diagnostics, a transport; null for none.
    /// </summary>
    public Action<Azure.Storage.Blobs.BlobClientOptions>? ConfigureAzureClient { get; init; }

    /// <summary>AWS credentials for <c>s3://</c> locations; default the AWS SDK's credential chain (environment, profile, instance or container role).</summary>
    public Amazon.Runtime.AWSCredentials? S3Credentials { get; init; }

    /// <summary>The S3 region; default the SDK's (<c>AWS_REGION</c>, profile), or <c>us-east-1</c> with <see cref="S3ServiceUrl"/>.</summary>
    public string? S3Region { get; init; }

    /// <summary>The endpoint of an S3-compatible store; default <c>AWS_ENDPOINT_URL_S3</c>, <c>AWS_ENDPOINT_URL</c>, else Amazon S3.</summary>
    public string? S3ServiceUrl { get; init; }

    /// <summary>Whether S3 requests address the bucket in the path rather than the host name (most S3-compatible stores want this); default false.</summary>
    public bool S3ForcePathStyle { get; init; }

    /// <summary>How many times the storage client retries a failed request (throttling, 5xx, timeouts), with exponential back-off; default 5.</summary>
    public int MaxRetries { get; init; } = 5;

    /// <summary>The first back-off delay; default 0.5 s, doubling up to <see cref="MaxRetryDelay"/>.</summary>
    public TimeSpan RetryDelay { get; init; } = TimeSpan.FromSeconds(0.5);

    /// <summary>The longest back-off delay; default 30 s.</summary>
    public TimeSpan MaxRetryDelay { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>How long one request may take before it is retried; default 100 s.</summary>
    public TimeSpan NetworkTimeout { get; init; } = TimeSpan.FromSeconds(100);

    /// <summary>
    /// How long a lease in an object store (<see cref="ObjectStore.AcquireLeaseAsync"/>) outlives its holder's last
    /// renewal, so how long a crashed holder blocks the next one; renewed every third of it; default 60 s.
    /// </summary>
    public TimeSpan LeaseDuration { get; init; } = TimeSpan.FromSeconds(60);

    internal void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(LeaseDuration, TimeSpan.FromSeconds(1), nameof(LeaseDuration));
        ArgumentOutOfRangeException.ThrowIfNegative(MaxRetries, nameof(MaxRetries));
        ArgumentOutOfRangeException.ThrowIfLessThan(RetryDelay, TimeSpan.Zero, nameof(RetryDelay));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxRetryDelay, RetryDelay, nameof(MaxRetryDelay));
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(NetworkTimeout, TimeSpan.Zero, nameof(NetworkTimeout));
    }
}
