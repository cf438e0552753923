namespace PredictiveMaintenance.Models;

/// <summary>
/// Run-to-failure telemetry shaped like C-MAPSS: each cycle runs in one of <c>regimes</c> operating conditions
/// (settings near fixed points, as FD002/FD004's six), and the sensors read the regime's level plus wear.
/// </summary>
/// <remarks>
/// Channels: <c>setting1</c>, <c>setting2</c> (settings); <c>wear</c> (regime level + regime gain × (cycle/life)², noise 0.2),
/// <c>noise</c> (pure noise), <c>flat</c> (always 5), <c>regime</c> (the regime's level only, constant within a regime).
/// </remarks>
internal static class SyntheticFleet
{
    public static readonly (double Altitude, double Mach)[] OperatingPoints = [(0, 0), (10, 0.25), (20, 0.7), (25, 0.62), (35, 0.84), (42, 0.84)];

    public static TelemetrySchema Schema { get; } = new("unit", "cycle", TimeKind.Cycle,
    [
        new("setting1", ChannelRole.Setting), new("setting2", ChannelRole.Setting),
        new("wear"), new("noise"), new("flat"), new("regime"),
    ]);

    public static TelemetryTable Create(int units, int regimes, int seed, int minLife = 60, int maxLife = 120, bool truncate = false)
    {
        var random = new Random(seed);
        var builder = new TelemetryTableBuilder(Schema);
        Span<double> values = stackalloc double[6];
        for (int unit = 1; unit <= units; unit++)
        {
            int life = random.Next(minLife, maxLife + 1);
            int last = truncate ? random.Next(life / 3, life) : life;
            for (int cycle = 1; cycle <= last; cycle++)
            {
                int regime = random.Next(regimes);
                (double altitude, double mach) = OperatingPoints[regime];
                double level = 100 + (40 * regime);
                double gain = 5 + regime;
                double wear = (double)cycle / life;
                values[0] = altitude + (0.002 * Gaussian(random));
                values[1] = mach + (0.0002 * Gaussian(random));
                values[2] = level + (gain * wear * wear) + (0.2 * Gaussian(random));
                values[3] = Gaussian(random);
                values[4] = 5;
                values[5] = level;
                builder.Add(unit.ToString(System.Globalization.CultureInfo.InvariantCulture), cycle, values);
            }
        }

        return builder.Build();
    }

    private static double Gaussian(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
}
