using System.Collections.ObjectModel;
using PredictiveMaintenance.IO;

namespace PredictiveMaintenance.DeltaLake;

/// <summary>How a Delta table of telemetry is created: partitioning, table properties, name and description.</summary>
public sealed class DeltaTelemetryCreateOptions
{
    /// <summary>
    /// Whether to partition the table by the UTC day of each reading, held in a derived, non-nullable <c>date</c> column
    /// named <see cref="DayColumn"/> that appends fill in; default false (no partitions). Only for
    /// <see cref="TimeKind.UtcTimestamp"/> tables.
    /// </summary>
    /// <remarks>
    /// Choose it when days are replaced or dropped as a whole (an overwrite of a <see cref="TelemetryTable"/> with a day predicate
    /// and <see cref="DeltaTable.DeleteAsync"/> select whole partitions). Scans do not need it: every data file records the
    /// bounds of the time column, so a time filter skips files as well without partitions. Each append writes one file per
    /// day it covers, so appends much smaller than a day make many small files.
    /// </remarks>
    public bool PartitionByDay { get; init; }

    /// <summary>The name of the day column when <see cref="PartitionByDay"/> is set; default <c>day</c>. It must differ from the telemetry columns.</summary>
    public string DayColumn { get; init; } = "day";

    /// <summary>Further table properties, as in <see cref="DeltaCreateOptions.Properties"/>; default none.</summary>
    public IReadOnlyDictionary<string, string> Properties { get; init; } = new ReadOnlyDictionary<string, string>(new Dictionary<string, string>());

    /// <summary>A user-facing name of the table; default none.</summary>
    public string? Name { get; init; }

    /// <summary>A user-facing description of the table; default none.</summary>
    public string? Description { get; init; }
}

/// <summary>How <see cref="DeltaSnapshotTelemetryExtensions"/>' <c>ReadTelemetryAsync</c> reads a snapshot as telemetry.</summary>
/// <remarks>
/// A table created from a <see cref="TelemetryTable"/> (the snapshot's <c>TelemetrySchema</c> is not null) reads
/// back as written without <see cref="Columns"/>. Any other table needs <see cref="Columns"/> to say which columns are
/// the asset, the time and the channels, and is cleaned like any other source.
/// </remarks>
public sealed class DeltaTelemetryReadOptions
{
    /// <summary>
    /// Which columns are the asset, the time and the channels, resolved against the table's columns; default (null): the
    /// telemetry schema the table records, with its time kind and channel roles.
    /// </summary>
    public TelemetryColumnMapping? Columns { get; init; }

    /// <summary>The channels to read, by name, in this order; default (null): every channel. Only these columns are read from the data files.</summary>
    public IReadOnlyList<string>? Channels { get; init; }

    /// <summary>
    /// Skips data files that cannot hold a matching row, by partition values and statistics, as
    /// <see cref="DeltaScanOptions.Filter"/> does; default none. The rows of the files read are all returned.
    /// </summary>
    public DeltaPredicate? Filter { get; init; }

    /// <summary>
    /// The cleaning rules. Default (null): for a table with a recorded telemetry schema, values as written (non-finite values
    /// kept, no check of future times); otherwise the <see cref="DataQualityOptions"/> defaults. Duplicated (asset, time)
    /// rows, which two appends of the same rows leave behind, are quarantined either way, and rows are sorted.
    /// </summary>
    public DataQualityOptions? DataQuality { get; init; }
}
