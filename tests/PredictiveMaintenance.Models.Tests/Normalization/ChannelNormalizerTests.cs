using System.Text.Json.Nodes;

namespace PredictiveMaintenance.Models.Tests.Normalization;

public class ChannelNormalizerTests
{
    [Fact]
    public void Fit_SixOperatingRegimes_FindsSixConditionsAndDropsChannelsConstantWithinThem()
    {
        TelemetryTable train = SyntheticFleet.Create(units: 30, regimes: 6, seed: 1);

        ChannelNormalizer normalizer = ChannelNormalizer.Fit(train);

        Assert.Equal(6, normalizer.ConditionCount);
        Assert.Equal(["setting1", "setting2"], normalizer.SettingChannels);
        Assert.Equal(["wear", "noise"], normalizer.Channels);
        Assert.Equal(["flat", "regime"], normalizer.DroppedChannels);
    }

    [Fact]
    public void Transform_SixRegimes_StandardizesEachConditionSeparately()
    {
        TelemetryTable train = SyntheticFleet.Create(units: 30, regimes: 6, seed: 2);
        ChannelNormalizer normalizer = ChannelNormalizer.Fit(train);

        float[] values = normalizer.Transform(train);
        int[] condition = normalizer.AssignConditions(train);

        for (int c = 0; c < 6; c++)
        {
            double[] wear = [.. Enumerable.Range(0, train.RowCount).Where(r => condition[r] == c).Select(r => (double)values[r * 2])];
            double mean = wear.Average();
            double sd = Math.Sqrt(wear.Sum(v => (v - mean) * (v - mean)) / (wear.Length - 1));
            Assert.Equal(0, mean, 4);
            Assert.Equal(1, sd, 4);
        }

        // Each condition's rows are one regime: the 'regime' level is constant within a condition.
        ReadOnlySpan<double> regime = train.GetChannel("regime");
        for (int r = 1; r < train.RowCount; r++)
        {
            Assert.Equal(condition[r] == condition[r - 1], regime[r] == regime[r - 1]);
        }
    }

    [Fact]
    public void Transform_TestData_UsesTheTrainingFitOnly()
    {
        TelemetryTable train = SyntheticFleet.Create(units: 20, regimes: 6, seed: 3);
        TelemetryTable test = SyntheticFleet.Create(units: 5, regimes: 6, seed: 4, truncate: true);
        ChannelNormalizer normalizer = ChannelNormalizer.Fit(train);

        float[] values = normalizer.Transform(test);
        int[] condition = normalizer.AssignConditions(test);

        ReadOnlySpan<double> wear = test.GetChannel("wear");
        for (int r = 0; r < test.RowCount; r++)
        {
            (double offset, double scale) = normalizer.GetScaling(condition[r], 0);
            Assert.Equal((float)((wear[r] - offset) / scale), values[r * 2]);
        }
    }

    [Fact]
    public void Fit_OneRegime_HasOneConditionAndNoSettings()
    {
        ChannelNormalizer normalizer = ChannelNormalizer.Fit(SyntheticFleet.Create(units: 20, regimes: 1, seed: 5));

        Assert.Equal(1, normalizer.ConditionCount);
        Assert.Empty(normalizer.SettingChannels);
        Assert.Equal(["wear", "noise"], normalizer.Channels);
        Assert.Equal(["flat", "regime"], normalizer.DroppedChannels);
    }

    [Fact]
    public void Fit_SameDataDifferentSeeds_NumbersConditionsTheSame()
    {
        TelemetryTable train = SyntheticFleet.Create(units: 20, regimes: 6, seed: 6);

        int[] a = ChannelNormalizer.Fit(train, new NormalizationOptions { Seed = 1 }).AssignConditions(train);
        int[] b = ChannelNormalizer.Fit(train, new NormalizationOptions { Seed = 99 }).AssignConditions(train);

        Assert.Equal(a, b);
    }

    [Fact]
    public void Transform_MinMax_MapsTrainingRangeToMinusOneOne()
    {
        TelemetryTable train = SyntheticFleet.Create(units: 10, regimes: 1, seed: 7);
        ChannelNormalizer normalizer = ChannelNormalizer.Fit(train, new NormalizationOptions { Method = NormalizationMethod.MinMax, Channels = ["wear"] });

        float[] values = normalizer.Transform(train);

        Assert.Equal(-1f, values.Min(), 5);
        Assert.Equal(1f, values.Max(), 5);
    }

    [Fact]
    public void FromJson_RoundTrip_TransformsIdentically()
    {
        TelemetryTable train = SyntheticFleet.Create(units: 15, regimes: 6, seed: 8);
        ChannelNormalizer normalizer = ChannelNormalizer.Fit(train);

        ChannelNormalizer read = ChannelNormalizer.FromJson(JsonNode.Parse(normalizer.ToJson().ToJsonString())!.AsObject(), "model.pdm");

        Assert.Equal(normalizer.Transform(train), read.Transform(train));
        Assert.Equal(normalizer.DroppedChannels, read.DroppedChannels);
    }

    [Fact]
    public void FromJson_WrongLength_IsRefusedNamingTheField()
    {
        JsonObject json = ChannelNormalizer.Fit(SyntheticFleet.Create(units: 10, regimes: 6, seed: 9)).ToJson();
        json["scales"]!.AsArray().RemoveAt(0);

        var error = Assert.Throws<ModelArtifactException>(() => ChannelNormalizer.FromJson(json, "model.pdm"));
        Assert.Equal("model.pdm: 'scales' has 11 values, expected 12.", error.Message);
    }

    [Fact]
    public void Transform_MissingChannel_IsRefusedNamingIt()
    {
        ChannelNormalizer normalizer = ChannelNormalizer.Fit(SyntheticFleet.Create(units: 10, regimes: 1, seed: 10));
        var other = new TelemetrySchema("unit", "cycle", TimeKind.Cycle, [new ChannelDefinition("noise")]);
        var builder = new TelemetryTableBuilder(other);
        builder.Add("1", 1, [0.5]);

        var error = Assert.Throws<SchemaException>(() => normalizer.Transform(builder.Build()));
        Assert.Equal("The table has no channel 'wear'; its channels are noise.", error.Message);
    }
}
