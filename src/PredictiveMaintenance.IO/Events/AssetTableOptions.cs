namespace PredictiveMaintenance.IO;

/// <summary>How to read a delimited table of static asset data, one asset per record. Defaults match the Azure <c>PdM_machines</c> file.</summary>
public sealed class AssetTableOptions
{
    /// <summary>The asset id column. Default: <c>machineID</c>.</summary>
    public ColumnReference AssetColumn { get; init; } = "machineID";

    /// <summary>The equipment model column. Default: <c>model</c>.</summary>
    public ColumnReference ModelColumn { get; init; } = "model";

    /// <summary>The install date column (a timestamp), if the table has one. Default: null.</summary>
    public ColumnReference? InstallDateColumn { get; init; }

    /// <summary>
    /// The age column (in years), used when there is no install date column: the install date is
    /// <see cref="AgeReferenceDate"/> minus the age. Default: <c>age</c>.
    /// </summary>
    public ColumnReference? AgeColumn { get; init; } = "age";

    /// <summary>The date ages are counted to. Default: 2015-01-01 UTC, the start of the Azure telemetry.</summary>
    public DateTime AgeReferenceDate { get; init; } = new(2015, 1, 1, 0, 0, 0, DateTimeKind.Utc);

    /// <summary>The field separator. Default: comma.</summary>
    public FieldDelimiter Delimiter { get; init; } = FieldDelimiter.Comma;

    /// <summary>How install dates are written. Default: ISO-8601.</summary>
    public TimestampFormat TimestampFormat { get; init; } = TimestampFormat.Iso8601;
}
