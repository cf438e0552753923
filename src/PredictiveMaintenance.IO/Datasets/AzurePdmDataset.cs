using System.Runtime.CompilerServices;

namespace PredictiveMaintenance.IO;

/// <summary>
/// The Azure AI predictive-maintenance modelling guide data: hourly telemetry (volt, rotate, pressure, vibration) of
/// machines, with their errors, maintenance (component replacements), failures and static data (model, age).
/// Files may be plain or gzip.
/// </summary>
public static class AzurePdmDataset
{
    /// <summary>The telemetry columns: <c>machineID</c> (asset), <c>datetime</c> (time), every other column a sensor.</summary>
    public static TelemetryColumnMapping TelemetryColumns { get; } = new() { AssetColumn = "machineID", TimeColumn = "datetime" };

    /// <summary>Options for reading a telemetry file.</summary>
    /// <param name="quality">The cleaning rules; defaults when null.</param>
    public static DelimitedTextOptions TelemetryOptions(DataQualityOptions? quality = null) => new()
    {
        Columns = TelemetryColumns,
        DataQuality = quality ?? new DataQualityOptions(),
    };

    /// <summary>Reads a telemetry file (<c>PdM_telemetry.csv</c> or a slice of it).</summary>
    /// <param name="path">The file.</param>
    /// <param name="quality">The cleaning rules; defaults when null.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    public static async Task<TelemetryBatch> ReadTelemetryAsync(string path, DataQualityOptions? quality = null, CancellationToken cancellationToken = default)
    {
        DelimitedTelemetryReader reader = DelimitedTelemetryReader.Open(path, TelemetryOptions(quality));
        await using ConfiguredAsyncDisposable readerScope = reader.ConfigureAwait(false);
        return await reader.ReadAllAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Reads <c>PdM_errors.csv</c>: <c>datetime,machineID,errorID</c>.</summary>
    /// <param name="path">The file.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    public static Task<EventLog<ErrorEvent>> ReadErrorsAsync(string path, CancellationToken cancellationToken = default) =>
        EventLogReader.ReadErrorsAsync(path, new EventLogOptions { DetailColumn = "errorID" }, cancellationToken);

    /// <summary>Reads <c>PdM_maint.csv</c>: <c>datetime,machineID,comp</c>; every record is a component replacement.</summary>
    /// <param name="path">The file.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    public static Task<EventLog<MaintenanceEvent>> ReadMaintenanceAsync(string path, CancellationToken cancellationToken = default) =>
        EventLogReader.ReadMaintenanceAsync(path, new EventLogOptions { DetailColumn = "comp", DefaultKind = MaintenanceKind.Replacement }, cancellationToken);

    /// <summary>Reads <c>PdM_failures.csv</c>: <c>datetime,machineID,failure</c>.</summary>
    /// <param name="path">The file.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    public static Task<EventLog<FailureEvent>> ReadFailuresAsync(string path, CancellationToken cancellationToken = default) =>
        EventLogReader.ReadFailuresAsync(path, new EventLogOptions { DetailColumn = "failure" }, cancellationToken);

    /// <summary>
    /// Reads <c>PdM_machines.csv</c>: <c>machineID,model,age</c>. The install date is 2015-01-01 minus the age in
    /// years (the guide gives ages, not dates); the raw age stays in <see cref="AssetAttributes.Properties"/>.
    /// </summary>
    /// <param name="path">The file.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    public static Task<EventLog<AssetAttributes>> ReadMachinesAsync(string path, CancellationToken cancellationToken = default) =>
        EventLogReader.ReadAssetsAsync(path, new AssetTableOptions(), cancellationToken);

    /// <summary>
    /// Loads every table from a folder holding <c>PdM_telemetry*.csv</c>, <c>PdM_errors.csv</c>, <c>PdM_maint.csv</c>,
    /// <c>PdM_failures.csv</c> and <c>PdM_machines.csv</c>, each plain or gzip.
    /// </summary>
    /// <param name="folder">The folder.</param>
    /// <param name="quality">The telemetry cleaning rules; defaults when null.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <exception cref="FileNotFoundException">A file is missing.</exception>
    public static async Task<AzurePdmData> LoadAsync(string folder, DataQualityOptions? quality = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(folder);
        return new AzurePdmData(
            await ReadTelemetryAsync(DatasetFiles.FindOne(folder, "PdM_telemetry"), quality, cancellationToken).ConfigureAwait(false),
            await ReadErrorsAsync(DatasetFiles.Find(folder, "PdM_errors.csv"), cancellationToken).ConfigureAwait(false),
            await ReadMaintenanceAsync(DatasetFiles.Find(folder, "PdM_maint.csv"), cancellationToken).ConfigureAwait(false),
            await ReadFailuresAsync(DatasetFiles.Find(folder, "PdM_failures.csv"), cancellationToken).ConfigureAwait(false),
            await ReadMachinesAsync(DatasetFiles.Find(folder, "PdM_machines.csv"), cancellationToken).ConfigureAwait(false));
    }
}

/// <summary>The Azure predictive-maintenance tables.</summary>
/// <param name="Telemetry">Hourly sensor readings.</param>
/// <param name="Errors">Errors the machines raised.</param>
/// <param name="Maintenance">Component replacements.</param>
/// <param name="Failures">Component failures.</param>
/// <param name="Machines">Model and age of each machine.</param>
public sealed record AzurePdmData(
    TelemetryBatch Telemetry,
    EventLog<ErrorEvent> Errors,
    EventLog<MaintenanceEvent> Maintenance,
    EventLog<FailureEvent> Failures,
    EventLog<AssetAttributes> Machines);
