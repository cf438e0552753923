namespace PredictiveMaintenance.Benchmarks;

/// <summary>Seeded telemetry shaped like the Azure data set: 100 machines, hourly readings, four sensors, 1% gaps.</summary>
internal static class BenchmarkTables
{
    public const int Machines = 100;

    public static TelemetryTable Create(int rows, int seed = 42)
    {
        var random = new Random(seed);
        var schema = new TelemetrySchema("machineID", "datetime", "volt", "rotate", "pressure", "vibration");
        var builder = new TelemetryTableBuilder(schema, rows);
        long start = UnixTime.ToMicroseconds(new DateTime(2015, 1, 1, 6, 0, 0, DateTimeKind.Utc));
        double[] values = new double[4];
        int perMachine = rows / Machines;
        for (int m = 0; m < Machines; m++)
        {
            string id = (m + 1).ToString(System.Globalization.CultureInfo.InvariantCulture);
            for (int i = 0; i < perMachine; i++)
            {
                values[0] = random.NextDouble() < 0.01 ? double.NaN : 170 + (15 * random.NextDouble());
                values[1] = 450 + (50 * random.NextDouble());
                values[2] = 100 + (10 * random.NextDouble());
                values[3] = random.NextDouble() < 0.01 ? double.NaN : 40 + (5 * random.NextDouble());
                builder.Add(id, start + (i * UnixTime.MicrosecondsPerHour), values);
            }
        }

        return builder.Build();
    }

    /// <summary>Throws when two tables differ, so a benchmark cannot time a conversion that lost data.</summary>
    public static void CheckEqual(TelemetryTable expected, TelemetryTable actual, string what)
    {
        bool equal = expected.Schema.Equals(actual.Schema)
            && expected.AssetIds.SequenceEqual(actual.AssetIds)
            && expected.Times.SequenceEqual(actual.Times)
            && Enumerable.Range(0, expected.Schema.Channels.Count).All(c =>
            {
                ReadOnlySpan<double> e = expected.GetChannel(c), a = actual.GetChannel(c);
                for (int i = 0; i < e.Length; i++)
                {
                    if (BitConverter.DoubleToInt64Bits(e[i]) != BitConverter.DoubleToInt64Bits(a[i]) && !(double.IsNaN(e[i]) && double.IsNaN(a[i])))
                    {
                        return false;
                    }
                }

                return true;
            });
        if (!equal)
        {
            throw new InvalidOperationException($"{what} did not reproduce the table.");
        }
    }
}
