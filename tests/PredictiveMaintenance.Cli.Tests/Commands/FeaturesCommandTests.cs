using PredictiveMaintenance.Features;
using PredictiveMaintenance.IO;

namespace PredictiveMaintenance.Cli.Tests.Commands;

public class FeaturesCommandTests
{
    private static readonly string Telemetry = Pdm.Data("azure-pdm", "PdM_telemetry_SUBSET_machines001-020_first2160h.csv.gz");

    [Fact]
    public async Task Features_RollingInSmallBatches_EqualsOnePassOverTheHistory()
    {
        const string Spec = "vibration: mean(24h), std(24h), median(3h); volt: min(3h), max(3h)";
        string output = Path.Combine(Path.GetTempPath(), $"pdm-features-{Guid.NewGuid():N}.csv");
        try
        {
            (int exit, string printed, string error) = await Pdm.RunAsync("features", Telemetry, "--spec", Spec, "--output", output, "--batch-rows", "1000");

            Assert.Equal((0, string.Empty), (exit, error));
            Assert.StartsWith("43,200 rows in (43200 rows: 43200 accepted, 0 quarantined", printed, StringComparison.Ordinal);
            Assert.Contains("43,200 rows of 5 features out: vibration_mean_24h, vibration_std_24h, vibration_median_3h, volt_min_3h, volt_max_3h", printed, StringComparison.Ordinal);
            TelemetryTable expected = new FeatureComputer(FeatureSpec.Parse(Spec)).Compute((await AzurePdmDataset.ReadTelemetryAsync(Telemetry)).Table);
            var options = new DelimitedTextOptions { Columns = new TelemetryColumnMapping(), DataQuality = new DataQualityOptions { FutureTolerance = null } };
            TelemetryTable written = (await TelemetryFile.Open(output, options).ReadAllAsync()).Table;
            Assert.Equal(expected.Schema.Channels.Select(c => c.Name), written.Schema.Channels.Select(c => c.Name));
            Assert.Equal(expected.Times.ToArray(), written.Times.ToArray());
            for (int c = 0; c < expected.Schema.Channels.Count; c++)
            {
                Assert.Equal(expected.GetChannel(c).ToArray(), written.GetChannel(c).ToArray());
            }
        }
        finally
        {
            File.Delete(output);
        }
    }

    [Fact]
    public async Task Features_TumblingToParquet_WritesOneRowPerMachineAndDay()
    {
        string output = Path.Combine(Path.GetTempPath(), $"pdm-features-{Guid.NewGuid():N}.parquet");
        try
        {
            (int exit, _, string error) = await Pdm.RunAsync("features", Telemetry, "--spec", "tumbling(1d); pressure: mean, max", "--output", output, "--batch-rows", "5000");

            Assert.Equal((0, string.Empty), (exit, error));
            TelemetryTable daily = (await ParquetTelemetryReader.Open(output).ReadAllAsync()).Table;
            Assert.Equal(20, daily.AssetCount);
            Assert.Equal(20 * 91, daily.RowCount);
            Assert.Equal(["pressure_mean", "pressure_max"], daily.Schema.Channels.Select(c => c.Name));
        }
        finally
        {
            File.Delete(output);
        }
    }

    [Fact]
    public async Task Features_SpecNamingAMissingChannel_ExitsWithBadData()
    {
        (int exit, _, string error) = await Pdm.RunAsync("features", Telemetry, "--spec", "temperature: mean(24h)", "--output", "/tmp/unused.csv");

        Assert.Equal(4, exit);
        Assert.Contains("temperature", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Features_MalformedSpec_ExitsWithBadDataNamingTheColumn()
    {
        (int exit, _, string error) = await Pdm.RunAsync("features", Telemetry, "--spec", "vibration: mean(24 hours)", "--output", "/tmp/unused.csv");

        Assert.Equal(4, exit);
        Assert.StartsWith("pdm: ", error, StringComparison.Ordinal);
        Assert.Contains("column", error, StringComparison.Ordinal);
    }
}
