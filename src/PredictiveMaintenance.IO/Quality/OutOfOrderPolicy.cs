namespace PredictiveMaintenance.IO;

/// <summary>What to do with a row whose time is earlier than a previous row of the same asset in the same batch.</summary>
public enum OutOfOrderPolicy
{
    /// <summary>Accept it and sort (counted in <see cref="DataQualityReport.ReorderedRows"/>).</summary>
    Sort,

    /// <summary>Quarantine it with <see cref="QuarantineReason.OutOfOrder"/>.</summary>
    Quarantine,
}
