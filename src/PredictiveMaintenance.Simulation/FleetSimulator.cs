using System.Collections.ObjectModel;
using System.Globalization;
using PredictiveMaintenance.IO;

namespace PredictiveMaintenance.Simulation;

/// <summary>
/// A deterministic fleet simulator: telemetry, maintenance, failure and error logs and static asset data of a fleet,
/// generated as a stream of <see cref="FleetBatch"/>es (memory bounded by the batch, not the fleet's history) or
/// written in the Azure predictive-maintenance file layout (<see cref="FleetWriter"/>). Immutable and thread-safe:
/// every enumeration starts from the beginning, and the same options give the same output, byte for byte, whatever
/// the batch size.
/// </summary>
/// <remarks>
/// Every random draw is a hash of (seed, asset, reading, purpose), so no draw depends on another; the state carried
/// from one reading to the next is per asset (operating regime, component wear, service schedule, stuck sensors).
/// See <c>docs/simulation.md</c> for the model.
/// </remarks>
public sealed class FleetSimulator
{
    private readonly FleetEngine _static;

    /// <summary>Creates a simulator.</summary>
    /// <param name="options">What to simulate; null for the defaults.</param>
    /// <exception cref="ArgumentException">The options are not valid (see <see cref="FleetSimulationOptions.Validate"/>).</exception>
    public FleetSimulator(FleetSimulationOptions? options = null)
    {
        Options = options ?? new FleetSimulationOptions();
        Options.Validate();
        _static = new FleetEngine(Options);
        Schema = new TelemetrySchema("machineID", "datetime", FleetNames.Channels);
        AgeReferenceDate = Options.Start.Date;
        Assets = new ReadOnlyCollection<AssetAttributes>([.. Enumerable.Range(0, Options.AssetCount).Select(a => new AssetAttributes(
            _static.AssetIds[a],
            FleetNames.Models[_static.Models[a]],
            AgeReferenceDate.AddDays(-_static.Ages[a] * 365.25),
            new Dictionary<string, string>(StringComparer.Ordinal) { ["age"] = _static.Ages[a].ToString(CultureInfo.InvariantCulture) }))]);
        PlausibleRanges = new ReadOnlyDictionary<string, ValueRange>(
            Enumerable.Range(0, FleetEngine.ChannelCount).ToDictionary(c => FleetNames.Channels[c], c => FleetEngine.Ranges[c], StringComparer.Ordinal));
        QualityOptions = new DataQualityOptions
        {
            ChannelRanges = PlausibleRanges,
            OutOfOrder = OutOfOrderPolicy.Quarantine,
            // Simulated times are not tied to this machine's clock (a simulation may start tomorrow).
            FutureTolerance = null,
        };
    }

    /// <summary>The options simulated.</summary>
    public FleetSimulationOptions Options { get; }

    /// <summary>The telemetry schema: asset <c>machineID</c>, time <c>datetime</c> (UTC timestamps), sensors <c>volt</c>, <c>rotate</c>, <c>pressure</c>, <c>vibration</c>.</summary>
    public TelemetrySchema Schema { get; }

    /// <summary>The components of every asset: <c>comp1</c> to <c>comp4</c>; component <c>compN</c> drives the drift of the N-th channel.</summary>
    public static IReadOnlyList<string> Components { get; } = new ReadOnlyCollection<string>(FleetNames.Components);

    /// <summary>
    /// The static data of every asset, as the Azure machines reader builds it: the model (<c>model1</c> ...), the
    /// install date (<see cref="AgeReferenceDate"/> minus the age in years of 365.25 days) and the age in the <c>age</c> property.
    /// </summary>
    public IReadOnlyList<AssetAttributes> Assets { get; }

    /// <summary>The date ages are counted to: midnight UTC of the first reading's day (2015-01-01 by default, which is what the Azure machines reader assumes).</summary>
    public DateTime AgeReferenceDate { get; }

    /// <summary>The plausible range of each channel: every measured (or stuck) value lies inside, every spike above.</summary>
    public IReadOnlyDictionary<string, ValueRange> PlausibleRanges { get; }

    /// <summary>
    /// The data-quality rules under which the CSV output reads back as <see cref="FleetBatch.Telemetry"/>: the plausible
    /// ranges (spikes are quarantined as out of range), out-of-order rows quarantined (clock skews), no future check.
    /// </summary>
    public DataQualityOptions QualityOptions { get; }

    /// <summary>The number of reading times (<c>AssetCount * ReadingsPerAsset</c> readings, before faults).</summary>
    public long Readings => (long)Options.AssetCount * Options.ReadingsPerAsset;

    /// <summary>Generates the fleet batch by batch, <see cref="FleetSimulationOptions.BatchReadings"/> reading times per batch.</summary>
    public IEnumerable<FleetBatch> Simulate()
    {
        var engine = new FleetEngine(Options);
        int capacity = (int)Math.Min(Array.MaxLength, (long)Options.AssetCount * Math.Min(Options.BatchReadings, Options.ReadingsPerAsset) * 2);
        for (int first = 0; first < Options.ReadingsPerAsset; first += Options.BatchReadings)
        {
            int count = Math.Min(Options.BatchReadings, Options.ReadingsPerAsset - first);
            var collector = new BatchCollector(engine, Schema, capacity);
            for (int step = first; step < first + count; step++)
            {
                engine.Step(step, collector);
            }

            yield return collector.Finish(first, count);
        }
    }

    /// <summary>
    /// Opens the telemetry as the CSV text of <c>PdM_telemetry.csv</c>, generated as it is read: a header, then the
    /// rows of every asset at the first reading time, then at the next, faulty rows included. Memory stays at one
    /// reading time of the fleet, so a reader can ingest a fleet of any size from it without touching a disk.
    /// </summary>
    public Stream OpenTelemetryCsv() => new SimulatedCsvStream(new FleetEngine(Options), Options.ReadingsPerAsset);
}
