using System.Globalization;
using System.Text;

namespace PredictiveMaintenance.Benchmarks;

/// <summary>
/// Generates a full-size telemetry table of the Azure predictive-maintenance schema, deterministically: 100 machines,
/// hourly from 2015-01-01 06:00 to 2016-01-01 06:00 (8,761 readings each, 876,100 rows, the size of the published
/// <c>PdM_telemetry.csv</c>), with the published means and spreads (volt 171 ± 15, rotate 447 ± 53, pressure 101 ± 11,
/// vibration 40.4 ± 5.4), a slow drift per machine, and values written with 15 significant digits as in the original.
/// </summary>
public static class AzureTelemetryGenerator
{
    /// <summary>Machines in the published data.</summary>
    public const int Machines = 100;

    /// <summary>Hourly readings per machine in the published data.</summary>
    public const int HoursPerMachine = 8761;

    /// <summary>Rows of the full table.</summary>
    public const int Rows = Machines * HoursPerMachine;

    /// <summary>The column header.</summary>
    public const string Header = "datetime,machineID,volt,rotate,pressure,vibration";

    private static readonly DateTime Start = new(2015, 1, 1, 6, 0, 0, DateTimeKind.Utc);
    private static readonly (double Mean, double Spread)[] Channels = [(170.78, 15.51), (446.61, 52.67), (100.86, 11.05), (40.38, 5.37)];

    /// <summary>Writes the table as CSV, ordered by machine and then time like the published file.</summary>
    /// <param name="writer">Where to write.</param>
    /// <param name="machines">How many machines (100 for the full table).</param>
    /// <param name="seed">The random seed; the same seed gives the same bytes.</param>
    public static void WriteCsv(TextWriter writer, int machines = Machines, int seed = 2015)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.NewLine = "\n";
        writer.WriteLine(Header);
        var random = new Random(seed);
        Span<double> values = stackalloc double[Channels.Length];
        for (int machine = 1; machine <= machines; machine++)
        {
            double drift = random.NextDouble() * 0.1;
            for (int hour = 0; hour < HoursPerMachine; hour++)
            {
                Fill(random, values, drift * hour / HoursPerMachine);
                writer.Write(Start.AddHours(hour).ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture));
                writer.Write(',');
                writer.Write(machine.ToString(CultureInfo.InvariantCulture));
                foreach (double value in values)
                {
                    writer.Write(',');
                    writer.Write(value.ToString("G15", CultureInfo.InvariantCulture));
                }

                writer.WriteLine();
            }
        }
    }

    /// <summary>The table as UTF-8 CSV bytes.</summary>
    /// <param name="machines">How many machines (100 for the full table).</param>
    /// <param name="seed">The random seed.</param>
    public static byte[] CsvBytes(int machines = Machines, int seed = 2015)
    {
        using var stream = new MemoryStream();
        using (var writer = new StreamWriter(stream, new UTF8Encoding(false), 1 << 16, leaveOpen: true))
        {
            WriteCsv(writer, machines, seed);
        }

        return stream.ToArray();
    }

    /// <summary>The table itself, as the reader would build it from <see cref="CsvBytes"/>.</summary>
    /// <param name="machines">How many machines (100 for the full table).</param>
    /// <param name="seed">The random seed.</param>
    /// <param name="hours">
    /// Readings per machine (8,761 for the full table). With fewer, each machine keeps its drift and its first readings
    /// are drawn the same way, but from a random stream that no longer matches the full table's after machine 1.
    /// </param>
    public static TelemetryTable Table(int machines = Machines, int seed = 2015, int hours = HoursPerMachine)
    {
        var builder = new TelemetryTableBuilder(new TelemetrySchema("machineID", "datetime", "volt", "rotate", "pressure", "vibration"), machines * hours);
        var random = new Random(seed);
        Span<double> values = stackalloc double[Channels.Length];
        for (int machine = 1; machine <= machines; machine++)
        {
            double drift = random.NextDouble() * 0.1;
            string id = machine.ToString(CultureInfo.InvariantCulture);
            for (int hour = 0; hour < hours; hour++)
            {
                Fill(random, values, drift * hour / HoursPerMachine);
                for (int c = 0; c < values.Length; c++)
                {
                    values[c] = double.Parse(values[c].ToString("G15", CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
                }

                builder.Add(id, UnixTime.ToMicroseconds(Start.AddHours(hour)), values);
            }
        }

        return builder.Build();
    }

    private static void Fill(Random random, Span<double> values, double drift)
    {
        for (int c = 0; c < values.Length; c++)
        {
            // Box-Muller: two uniforms give one standard normal.
            double normal = Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
            values[c] = Channels[c].Mean * (1 + drift) + (Channels[c].Spread * normal);
        }
    }
}
