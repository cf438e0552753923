using System.Collections.ObjectModel;

namespace PredictiveMaintenance.Joins;

/// <summary>
/// A fleet's history for building training sets: maintenance, replacements, failures and errors as sorted event tables,
/// and the static data of the assets. Immutable; build it once and join it onto any number of telemetry tables.
/// </summary>
public sealed class MaintenanceLogs
{
    /// <summary>Creates the logs from sorted event tables, which must share one time kind.</summary>
    /// <param name="maintenance">Every maintenance event (services), by component.</param>
    /// <param name="replacements">The maintenance events that replaced a component, by component.</param>
    /// <param name="failures">The failures, by component.</param>
    /// <param name="errors">The errors, by error type.</param>
    /// <param name="assets">The static data of the assets; none when null. Install dates apply to timestamp tables only.</param>
    /// <exception cref="SchemaException">The event tables count time differently.</exception>
    /// <exception cref="ArgumentException">An asset appears twice in <paramref name="assets"/>.</exception>
    public MaintenanceLogs(EventTable maintenance, EventTable replacements, EventTable failures, EventTable errors, IEnumerable<AssetAttributes>? assets = null)
    {
        ArgumentNullException.ThrowIfNull(maintenance);
        ArgumentNullException.ThrowIfNull(replacements);
        ArgumentNullException.ThrowIfNull(failures);
        ArgumentNullException.ThrowIfNull(errors);
        foreach ((EventTable log, string name) in (ReadOnlySpan<(EventTable, string)>)[(replacements, "replacement"), (failures, "failure"), (errors, "error")])
        {
            if (log.TimeKind != maintenance.TimeKind)
            {
                throw new SchemaException($"The logs must count time alike: the maintenance log is {maintenance.TimeKind}, the {name} log {log.TimeKind}.");
            }
        }

        Maintenance = maintenance;
        Replacements = replacements;
        Failures = failures;
        Errors = errors;
        var byAsset = new Dictionary<string, AssetAttributes>(StringComparer.Ordinal);
        foreach (AssetAttributes asset in assets ?? [])
        {
            ArgumentNullException.ThrowIfNull(asset, nameof(assets));
            if (!byAsset.TryAdd(asset.AssetId, asset))
            {
                throw new ArgumentException($"Asset '{asset.AssetId}' has more than one set of attributes.", nameof(assets));
            }
        }

        AssetsById = new ReadOnlyDictionary<string, AssetAttributes>(byAsset);
    }

    /// <summary>What the event times count.</summary>
    public TimeKind TimeKind => Maintenance.TimeKind;

    /// <summary>Every maintenance event (a service of any kind), by component.</summary>
    public EventTable Maintenance { get; }

    /// <summary>The maintenance events that replaced a component, by component.</summary>
    public EventTable Replacements { get; }

    /// <summary>The failures, by component.</summary>
    public EventTable Failures { get; }

    /// <summary>The errors, by error type.</summary>
    public EventTable Errors { get; }

    /// <summary>The static data of the assets, by asset id.</summary>
    public IReadOnlyDictionary<string, AssetAttributes> AssetsById { get; }

    /// <summary>Sorts the records of the domain into event tables in microseconds since the Unix epoch.</summary>
    /// <param name="maintenance">The maintenance records; those of kind <see cref="MaintenanceKind.Replacement"/> are also the replacements.</param>
    /// <param name="errors">The error records.</param>
    /// <param name="failures">The failure records.</param>
    /// <param name="assets">The static data of the assets; none when null.</param>
    public static MaintenanceLogs FromRecords(
        IEnumerable<MaintenanceEvent> maintenance, IEnumerable<ErrorEvent> errors, IEnumerable<FailureEvent> failures, IEnumerable<AssetAttributes>? assets = null)
    {
        ArgumentNullException.ThrowIfNull(maintenance);
        MaintenanceEvent[] records = [.. maintenance];
        return new MaintenanceLogs(
            EventTable.FromMaintenance(records),
            EventTable.FromMaintenance(records, MaintenanceKind.Replacement),
            EventTable.FromFailures(failures),
            EventTable.FromErrors(errors),
            assets);
    }

    /// <summary>Returns the logs as they were known at <paramref name="time"/>: every event strictly before it.</summary>
    /// <param name="time">The cut-off, in table time.</param>
    public MaintenanceLogs Before(long time) =>
        new(Maintenance.Before(time), Replacements.Before(time), Failures.Before(time), Errors.Before(time), AssetsById.Values);
}
