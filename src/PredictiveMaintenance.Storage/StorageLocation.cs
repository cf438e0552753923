using System.Text.RegularExpressions;

namespace PredictiveMaintenance.Storage;

/// <summary>Resolves a location, a local directory or an object-store URI, to the store that holds it.</summary>
public static partial class StorageLocation
{
    /// <summary>The location forms <see cref="Open"/> accepts, for messages.</summary>
    public const string SupportedForms =
        "a local directory, file:///path, abfss://<container>@<account>.dfs.core.windows.net/<path>, az://<container>/<path>, https://<account>.blob.core.windows.net/<container>/<path> or s3://<bucket>/<path>";

    /// <summary>Opens the store rooted at a location; nothing is requested from it yet.</summary>
    /// <param name="location">A local directory or an object-store URI (<see cref="SupportedForms"/>).</param>
    /// <param name="options">Credentials, endpoint and retries for object stores; the environment's defaults when null.</param>
    /// <exception cref="ArgumentException">The location is of no supported form, or names no container, bucket or account.</exception>
    public static ObjectStore Open(string location, StorageOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(location);
        options ??= new StorageOptions();
        options.Validate();
        if (location.StartsWith("file:", StringComparison.OrdinalIgnoreCase))
        {
            return new LocalObjectStore(new Uri(location).LocalPath);
        }

        if (!HasScheme(location))
        {
            return new LocalObjectStore(location);
        }

        return AzureBlobObjectStore.TryCreate(location, options)
            ?? (ObjectStore?)S3ObjectStore.TryCreate(location, options)
            ?? throw new ArgumentException($"'{location}' is not a location this package reads; use {SupportedForms}.", nameof(location));
    }

    /// <summary>Whether a location is in an object store (a URI other than <c>file:</c>) rather than on local disk.</summary>
    /// <param name="location">A local directory or a URI.</param>
    public static bool IsObjectStore(string location)
    {
        ArgumentNullException.ThrowIfNull(location);
        return HasScheme(location) && !location.StartsWith("file:", StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>A location under another: <paramref name="name"/> joined with '/' to a URI, or as a path to a directory.</summary>
    /// <param name="location">A local directory or an object-store URI.</param>
    /// <param name="name">A relative name with '/' separators.</param>
    public static string Combine(string location, string name)
    {
        ArgumentException.ThrowIfNullOrEmpty(location);
        ArgumentException.ThrowIfNullOrEmpty(name);
        return IsObjectStore(location)
            ? location.TrimEnd('/') + "/" + name.TrimStart('/')
            : Path.Combine(location, name.Replace('/', Path.DirectorySeparatorChar));
    }

    /// <summary>Whether <paramref name="text"/> starts with a URI scheme and authority, such as <c>s3://</c> or <c>file://</c>.</summary>
    /// <param name="text">A location or key.</param>
    public static bool HasScheme(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return UriScheme().IsMatch(text);
    }

    [GeneratedRegex(@"^[a-zA-Z][a-zA-Z0-9+.-]+://")]
    private static partial Regex UriScheme();
}
