namespace PredictiveMaintenance.DeltaLake;

/// <summary>What a scan of a <see cref="DeltaSnapshot"/> reads.</summary>
public sealed class DeltaScanOptions
{
    /// <summary>The columns to read, in output order; null (the default) reads every column in schema order.</summary>
    public IReadOnlyList<string>? Columns { get; init; }

    /// <summary>
    /// Skips files that cannot hold a matching row, judged by partition values and min/max/null-count statistics; null (the
    /// default) reads every file. Rows of the files that remain are returned as they are: filter them afterwards when the
    /// predicate reads non-partition columns.
    /// </summary>
    public DeltaPredicate? Filter { get; init; }
}
