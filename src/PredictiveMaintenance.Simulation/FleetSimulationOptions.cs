namespace PredictiveMaintenance.Simulation;

/// <summary>
/// What to simulate: the fleet's size and time span, the seed, the wear and maintenance model and the sensor fault
/// rates. Defaults give the shape of the Azure predictive-maintenance data: 100 machines, hourly from
/// 2015-01-01 06:00 UTC for 8,761 readings.
/// </summary>
public sealed class FleetSimulationOptions
{
    /// <summary>The number of assets, named <c>1</c> to <c>AssetCount</c>. Default: 100.</summary>
    public int AssetCount { get; init; } = 100;

    /// <summary>Readings per asset. Default: 8,761 (one year of hours plus one, as in the Azure data).</summary>
    public int ReadingsPerAsset { get; init; } = 8761;

    /// <summary>The time of the first reading (UTC). Default: 2015-01-01 06:00 UTC.</summary>
    public DateTime Start { get; init; } = new(2015, 1, 1, 6, 0, 0, DateTimeKind.Utc);

    /// <summary>The time between readings; whole seconds. Default: one hour.</summary>
    public TimeSpan Interval { get; init; } = TimeSpan.FromHours(1);

    /// <summary>The seed; the same options give the same output, byte for byte. Default: 2015.</summary>
    public long Seed { get; init; } = 2015;

    /// <summary>
    /// Readings per asset in each <see cref="FleetBatch"/>: a batch holds every asset for this many consecutive
    /// reading times, so memory is bounded by <c>AssetCount * BatchReadings</c> rows. The output does not depend on it.
    /// Default: 24.
    /// </summary>
    public int BatchReadings { get; init; } = 24;

    /// <summary>The number of equipment models (<c>model1</c> ...), each wearing at its own rate; 1 to 4. Default: 4.</summary>
    public int ModelCount { get; init; } = 4;

    /// <summary>
    /// How long a component of an average model takes, at normal load, to reach wear 1 from new. Wear drives the
    /// sensor drift, the error rate and the failure hazard. Default: 120 days.
    /// </summary>
    public TimeSpan WearLife { get; init; } = TimeSpan.FromDays(120);

    /// <summary>
    /// The failure hazard of a component at wear 1, per hour; the hazard is this times wear to the power
    /// <see cref="HazardExponent"/>, so failures concentrate at high wear. Default: 1/300.
    /// </summary>
    public double HazardAtFullWear { get; init; } = 1.0 / 300;

    /// <summary>The power of wear in the failure hazard. Default: 4.</summary>
    public double HazardExponent { get; init; } = 4;

    /// <summary>The time between scheduled services of an asset; the first falls at a seeded time within the first interval. Default: 60 days.</summary>
    public TimeSpan ServiceInterval { get; init; } = TimeSpan.FromDays(60);

    /// <summary>The wear at or above which a scheduled service replaces a component. Default: 0.5.</summary>
    public double ReplacementWear { get; init; } = 0.5;

    /// <summary>The sensor fault rates. Default: <see cref="SensorFaultRates.Default"/>.</summary>
    public SensorFaultRates Faults { get; init; } = SensorFaultRates.Default;

    /// <summary>Checks the options as a whole.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A count, duration or rate is outside its range.</exception>
    /// <exception cref="ArgumentException">The start is a local time, the interval is not whole seconds, or the time span overflows.</exception>
    public void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(AssetCount, 1, nameof(AssetCount));
        ArgumentOutOfRangeException.ThrowIfLessThan(ReadingsPerAsset, 1, nameof(ReadingsPerAsset));
        ArgumentOutOfRangeException.ThrowIfLessThan(BatchReadings, 1, nameof(BatchReadings));
        ArgumentOutOfRangeException.ThrowIfLessThan(ModelCount, 1, nameof(ModelCount));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(ModelCount, 4, nameof(ModelCount));
        ArgumentOutOfRangeException.ThrowIfLessThan(Interval, TimeSpan.FromSeconds(1), nameof(Interval));
        if (Interval.Ticks % TimeSpan.TicksPerSecond != 0)
        {
            throw new ArgumentException($"Interval must be whole seconds; it is {Interval}.", nameof(Interval));
        }

        UnixTime.EnsureUtc(Start, nameof(Start));
        if (Start.Ticks + ((double)Interval.Ticks * ReadingsPerAsset) >= DateTime.MaxValue.Ticks)
        {
            throw new ArgumentException($"{ReadingsPerAsset} readings every {Interval} from {Start:O} run past the largest DateTime.", nameof(ReadingsPerAsset));
        }

        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(WearLife, TimeSpan.Zero, nameof(WearLife));
        ArgumentOutOfRangeException.ThrowIfLessThan(ServiceInterval, Interval, nameof(ServiceInterval));
        if (!(HazardAtFullWear >= 0 && HazardAtFullWear <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(HazardAtFullWear), HazardAtFullWear, "The hazard at full wear must be a probability per hour, from 0 to 1.");
        }

        if (!(HazardExponent >= 0 && HazardExponent <= 16))
        {
            throw new ArgumentOutOfRangeException(nameof(HazardExponent), HazardExponent, "The hazard exponent must be from 0 to 16.");
        }

        if (!(ReplacementWear >= 0 && double.IsFinite(ReplacementWear)))
        {
            throw new ArgumentOutOfRangeException(nameof(ReplacementWear), ReplacementWear, "The replacement wear must be finite and not negative.");
        }

        ArgumentNullException.ThrowIfNull(Faults, nameof(Faults));
        Faults.Validate();
    }
}
