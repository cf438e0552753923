using System.Globalization;

namespace PredictiveMaintenance.Features.Tests.Computation;

/// <summary>
/// Features against values pandas 1.5.3 computed once (data/pandas, see its README): the same specs, the same input.
/// </summary>
public class PandasGoldenTests
{
    private static readonly string Folder = Path.Combine(AppContext.BaseDirectory, "data", "pandas");

    [Theory]
    [InlineData("rolling", 658, 37)]
    [InlineData("tumbling_3h", 278, 11)]
    [InlineData("tumbling_1d", 38, 3)]
    public void Compute_GoldenSpec_MatchesPandas(string name, int expectedRows, int expectedColumns)
    {
        TelemetryTable input = ReadTable(Path.Combine(Folder, "inputs.csv"), "asset", "time_us");
        FeatureSpec spec = FeatureSpec.Parse(File.ReadAllText(Path.Combine(Folder, name + ".spec")));
        TelemetryTable expected = ReadTable(Path.Combine(Folder, name + ".csv"), "asset", "time_us");

        TelemetryTable actual = new FeatureComputer(spec).Compute(input);

        Assert.Equal(expectedRows, expected.RowCount);
        Assert.Equal(expectedColumns, expected.Schema.Channels.Count);
        Assert.Equal(spec.OutputNames, expected.Schema.Channels.Select(c => c.Name));
        Assert.Equal(expected.AssetIds, actual.AssetIds);
        Assert.Equal(expected.Times.ToArray(), actual.Times.ToArray());
        foreach (ChannelDefinition channel in expected.Schema.Channels)
        {
            double[] e = expected.GetChannel(channel.Name).ToArray();
            double[] a = actual.GetChannel(channel.Name).ToArray();
            for (int row = 0; row < e.Length; row++)
            {
                bool close = double.IsNaN(e[row])
                    ? double.IsNaN(a[row])
                    : Math.Abs(e[row] - a[row]) <= 1e-9 * Math.Max(1, Math.Abs(e[row]));
                Assert.True(close, $"{channel.Name}, row {row} (asset {expected.AssetIds[expected.GetAssetCodeOfRow(row)]}): pandas {e[row]:R}, ours {a[row]:R}");
            }
        }
    }

    /// <summary>Reads a CSV of asset, int64 time and numeric columns (empty = NaN) into a table.</summary>
    internal static TelemetryTable ReadTable(string path, string assetColumn, string timeColumn)
    {
        string[] lines = File.ReadAllLines(path);
        string[] header = lines[0].Split(',');
        Assert.Equal(assetColumn, header[0]);
        Assert.Equal(timeColumn, header[1]);
        var builder = new TelemetryTableBuilder(new TelemetrySchema(assetColumn, timeColumn, header[2..]));
        double[] row = new double[header.Length - 2];
        foreach (string line in lines.Skip(1))
        {
            string[] fields = line.Split(',');
            for (int c = 0; c < row.Length; c++)
            {
                row[c] = fields[c + 2].Length == 0 ? double.NaN : double.Parse(fields[c + 2], CultureInfo.InvariantCulture);
            }

            builder.Add(fields[0], long.Parse(fields[1], CultureInfo.InvariantCulture), row);
        }

        return builder.Build();
    }
}
