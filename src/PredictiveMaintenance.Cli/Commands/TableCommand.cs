using System.CommandLine;
using PredictiveMaintenance.DeltaLake;

namespace PredictiveMaintenance.Cli.Commands;

/// <summary><c>pdm table</c>: Delta Lake tables, those the pipeline writes and any other.</summary>
internal static class TableCommand
{
    public static Command Create() => new("table", "Describe and export Delta Lake tables: the telemetry tables the pipeline writes, or any other.")
    {
        TableInfoCommand.Create(),
        TableExportCommand.Create(),
    };

    /// <summary>The <c>&lt;path&gt;</c> argument of every table command.</summary>
    public static Argument<DirectoryInfo> PathArgument() => new("path") { Description = "The table's folder (the one holding _delta_log)." };

    /// <summary>The <c>--version</c> option of every table command.</summary>
    public static Option<long?> VersionOption() => new("--version") { Description = "Read the table as of this version (time travel). Default: the latest version." };

    /// <summary>Opens the table and its snapshot at <paramref name="version"/>, or the latest.</summary>
    /// <exception cref="DirectoryNotFoundException">The folder does not exist.</exception>
    /// <exception cref="DeltaProtocolException">The folder holds no Delta table, or not that version.</exception>
    public static async Task<(DeltaTable Table, DeltaSnapshot Snapshot)> OpenAsync(DirectoryInfo path, long? version, CancellationToken cancellationToken)
    {
        if (version < 0)
        {
            throw new ArgumentException($"--version must be 0 or more; it is {version}.");
        }

        if (!path.Exists)
        {
            throw new DirectoryNotFoundException($"Table folder '{path.FullName}' does not exist.");
        }

        DeltaTable table = DeltaTable.Open(path.FullName);
        DeltaSnapshot snapshot = version is { } v
            ? await table.GetSnapshotAtVersionAsync(v, cancellationToken)
            : await table.GetSnapshotAsync(cancellationToken);
        return (table, snapshot);
    }
}
