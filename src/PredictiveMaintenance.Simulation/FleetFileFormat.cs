namespace PredictiveMaintenance.Simulation;

/// <summary>How <see cref="FleetWriter"/> writes the telemetry; the logs and static data are always CSV (compressed with <see cref="CsvGzip"/>).</summary>
public enum FleetFileFormat
{
    /// <summary><c>PdM_telemetry.csv</c> with every row sent, faulty ones included.</summary>
    Csv,

    /// <summary>Every file gzip-compressed (<c>PdM_telemetry.csv.gz</c> ...), rows as in <see cref="Csv"/>.</summary>
    CsvGzip,

    /// <summary>
    /// <c>PdM_telemetry.parquet</c> holding the accepted rows (<see cref="FleetBatch.Telemetry"/>): a Parquet table
    /// has typed columns, so it carries the cleaned telemetry rather than the faulty rows as sent.
    /// </summary>
    Parquet,
}
