namespace PredictiveMaintenance.IO;

/// <summary>What to do with a channel value written as NaN or infinity.</summary>
public enum NonFiniteValuePolicy
{
    /// <summary>Quarantine the row with <see cref="QuarantineReason.NonFiniteValue"/>.</summary>
    Quarantine,

    /// <summary>Accept the row with the value as missing (NaN), counted in <see cref="DataQualityReport.MissingValues"/>.</summary>
    TreatAsMissing,

    /// <summary>
    /// Accept the row with the value as written: infinities stay in the table, and a NaN is a missing value there
    /// (counted in <see cref="DataQualityReport.MissingValues"/>). For reading back tables this package wrote.
    /// </summary>
    Keep,
}
