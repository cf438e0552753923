namespace PredictiveMaintenance.DeltaLake;

/// <summary>Resolves a table location, a local directory or an object-store URI, to the store that holds it.</summary>
internal static class DeltaLocation
{
    public const string SupportedForms =
        "a local directory, file:///path, abfss://<container>@<account>.dfs.core.windows.net/<path>, az://<container>/<path>, https://<account>.blob.core.windows.net/<container>/<path> or s3://<bucket>/<path>";

    public static DeltaStore Open(string location, DeltaStorageOptions options)
    {
        ArgumentException.ThrowIfNullOrEmpty(location);
        if (location.StartsWith("file:", StringComparison.OrdinalIgnoreCase))
        {
            return new LocalDeltaStore(new Uri(location).LocalPath);
        }

        if (!DeltaPaths.HasScheme(location))
        {
            return new LocalDeltaStore(location);
        }

        return AzureBlobDeltaStore.TryCreate(location, options)
            ?? (DeltaStore?)S3DeltaStore.TryCreate(location, options)
            ?? throw new ArgumentException($"'{location}' is not a location this package reads; use {SupportedForms}.", nameof(location));
    }

    /// <summary>The store of a location that must be a local directory, for the synchronous <c>Exists</c> and <c>Open</c>.</summary>
    public static LocalDeltaStore OpenLocal(string location, string asynchronousMethod) =>
        Open(location, new DeltaStorageOptions()) as LocalDeltaStore
            ?? throw new ArgumentException($"'{location}' is in object storage; use DeltaTable.{asynchronousMethod}, which reaches it without blocking.", nameof(location));
}
