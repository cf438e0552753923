using System.CommandLine;
using PredictiveMaintenance.DeltaLake;
using PredictiveMaintenance.Storage;

namespace PredictiveMaintenance.Cli.Commands;

/// <summary><c>pdm table</c>: Delta Lake tables, those the pipeline writes and any other.</summary>
internal static class TableCommand
{
    public static Command Create() => new("table", "Describe and export Delta Lake tables: the telemetry tables the pipeline writes, or any other.")
    {
        TableInfoCommand.Create(),
        TableExportCommand.Create(),
    };

    /// <summary>The <c>&lt;location&gt;</c> argument of every table command.</summary>
    public static Argument<string> LocationArgument() => new("location")
    {
        Description = "The table: its folder (the one holding _delta_log), or its object-store URI (abfss://container@account.dfs.core.windows.net/path, az://container/path, s3://bucket/path) with the credentials of the environment (AZURE_STORAGE_CONNECTION_STRING, AZURE_STORAGE_* or the AWS SDK's chain).",
    };

    /// <summary>The <c>--version</c> option of every table command.</summary>
    public static Option<long?> VersionOption() => new("--version") { Description = "Read the table as of this version (time travel). Default: the latest version." };

    /// <summary>A command-line table location as the Delta layer takes it: object-store URIs as they are, local paths made absolute.</summary>
    public static string Resolve(string location) =>
        StorageLocation.IsObjectStore(location) ? location : Path.GetFullPath(location);

    /// <summary>Opens the table and its snapshot at <paramref name="version"/>, or the latest.</summary>
    /// <exception cref="DirectoryNotFoundException">The local folder does not exist.</exception>
    /// <exception cref="DeltaProtocolException">The location holds no Delta table, or not that version.</exception>
    /// <exception cref="DeltaStorageException">The object store refused the reads.</exception>
    public static async Task<(DeltaTable Table, DeltaSnapshot Snapshot)> OpenAsync(string location, long? version, CancellationToken cancellationToken)
    {
        if (version < 0)
        {
            throw new ArgumentException($"--version must be 0 or more; it is {version}.");
        }

        DeltaTable table = await DeltaTable.OpenAsync(Resolve(location), cancellationToken: cancellationToken);
        DeltaSnapshot snapshot = version is { } v
            ? await table.GetSnapshotAtVersionAsync(v, cancellationToken)
            : await table.GetSnapshotAsync(cancellationToken);
        return (table, snapshot);
    }
}
