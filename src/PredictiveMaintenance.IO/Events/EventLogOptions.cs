namespace PredictiveMaintenance.IO;

/// <summary>
/// How to read a delimited log of maintenance, failure or error events: one event per record, with an asset, a time
/// and a detail (the component, or the error code). Defaults match the Azure predictive-maintenance files.
/// </summary>
public sealed class EventLogOptions
{
    /// <summary>The asset id column. Default: <c>machineID</c>.</summary>
    public ColumnReference AssetColumn { get; init; } = "machineID";

    /// <summary>The timestamp column. Default: <c>datetime</c>.</summary>
    public ColumnReference TimeColumn { get; init; } = "datetime";

    /// <summary>The component (maintenance, failures) or error code (errors) column.</summary>
    public required ColumnReference DetailColumn { get; init; }

    /// <summary>
    /// For maintenance logs, the column holding the kind (<c>scheduled</c>, <c>unscheduled</c> or <c>replacement</c>, any case);
    /// null when every record is <see cref="DefaultKind"/>. Default: null.
    /// </summary>
    public ColumnReference? KindColumn { get; init; }

    /// <summary>For maintenance logs without <see cref="KindColumn"/>, the kind of every record. Default: <see cref="MaintenanceKind.Replacement"/> (the Azure maint records are component replacements).</summary>
    public MaintenanceKind DefaultKind { get; init; } = MaintenanceKind.Replacement;

    /// <summary>The field separator. Default: comma.</summary>
    public FieldDelimiter Delimiter { get; init; } = FieldDelimiter.Comma;

    /// <summary>Whether the first line names the columns. Default: true.</summary>
    public bool HasHeader { get; init; } = true;

    /// <summary>How timestamps are written. Default: ISO-8601.</summary>
    public TimestampFormat TimestampFormat { get; init; } = TimestampFormat.Iso8601;
}
