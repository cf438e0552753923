using System.Text.Json.Nodes;

namespace PredictiveMaintenance.Models.Tests.Classification;

public class FailureClassifierTests
{
    private static readonly string[] Names = ["none", "comp1", "comp2", "comp3"];

    private static FailureClassifierOptions Small(int seed = 1, IReadOnlyList<string>? classes = null) => new()
    {
        LabelChannel = "failure_class",
        ClassNames = classes ?? Names,
        Iterations = 30,
        Leaves = 8,
        MinimumRowsPerLeaf = 5,
        LearningRate = 0.2,
        Seed = seed,
    };

    [Fact]
    public void Fit_ClassesThatTheFeaturesSeparate_RecallsEveryClass()
    {
        TelemetryTable train = Fleet(seed: 1);
        TelemetryTable test = Fleet(seed: 2);

        FailureClassificationModel model = FailureClassifier.Fit(train, Small());
        ClassificationEvaluation evaluation = model.Evaluate(test);

        Assert.Equal(Names, model.Classes);
        Assert.Equal(["signal", "noise"], model.FeatureChannels);
        Assert.Equal(test.RowCount, evaluation.Count);
        for (int c = 0; c < Names.Length; c++)
        {
            Assert.True(evaluation.Recall(c) > 0.9, $"recall of {Names[c]} is {evaluation.Recall(c):F3}");
            Assert.True(evaluation.Precision(c) > 0.9, $"precision of {Names[c]} is {evaluation.Precision(c):F3}");
        }
    }

    [Fact]
    public void PredictProbabilities_EachRowIsADistributionWhoseLargestIsThePrediction()
    {
        TelemetryTable train = Fleet(seed: 3);
        FailureClassificationModel model = FailureClassifier.Fit(train, Small());

        double[] probabilities = model.PredictProbabilities(train);
        int[] predicted = model.PredictRows(train);

        Assert.Equal(train.RowCount * Names.Length, probabilities.Length);
        for (int r = 0; r < train.RowCount; r++)
        {
            double[] row = probabilities[(r * Names.Length)..((r + 1) * Names.Length)];
            Assert.Equal(1, row.Sum(), 1e-5);
            Assert.Equal(row.Max(), row[predicted[r]]);
        }
    }

    [Fact]
    public void Fit_SameSeed_GivesTheSameProbabilities()
    {
        TelemetryTable train = Fleet(seed: 4);

        double[] first = FailureClassifier.Fit(train, Small(seed: 9)).PredictProbabilities(train);
        double[] second = FailureClassifier.Fit(train, Small(seed: 9)).PredictProbabilities(train);

        Assert.Equal(first.Select(BitConverter.DoubleToInt64Bits), second.Select(BitConverter.DoubleToInt64Bits));
    }

    [Fact]
    public void Fit_NoClassNames_NumbersTheClassesUpToTheLargestLabel()
    {
        TelemetryTable train = Fleet(seed: 5);

        FailureClassificationModel model = FailureClassifier.Fit(train, new FailureClassifierOptions { LabelChannel = "failure_class", Iterations = 5 });

        Assert.Equal(["0", "1", "2", "3"], model.Classes);
    }

    [Fact]
    public void Fit_ClassNamedButNeverSeen_IsNeverPredicted()
    {
        TelemetryTable train = Fleet(seed: 6);
        string[] five = [.. Names, "comp4"];

        FailureClassificationModel model = FailureClassifier.Fit(train, Small(classes: five));
        double[] probabilities = model.PredictProbabilities(train);

        Assert.Equal(train.RowCount * 5, probabilities.Length);
        Assert.DoesNotContain(4, model.PredictRows(train));
        Assert.Equal(Names.Length, model.Evaluate(train).Classes.Count - 1);
    }

    [Fact]
    public void Evaluate_RowsWithoutALabel_AreLeftOut()
    {
        TelemetryTable train = Fleet(seed: 7);
        TelemetryTable test = Fleet(seed: 8, unknownEvery: 4);
        FailureClassificationModel model = FailureClassifier.Fit(train, Small());

        ClassificationEvaluation evaluation = model.Evaluate(test);

        Assert.Equal(test.RowCount - (test.RowCount + 3) / 4, evaluation.Count);
    }

    [Fact]
    public void Fit_LabelOutOfRange_NamesTheRow()
    {
        TelemetryTable train = Fleet(seed: 9);

        var error = Assert.Throws<DataQualityException>(() => FailureClassifier.Fit(train, Small(classes: ["none", "comp1"])));

        Assert.Equal("Asset m1 at cycle 2 has 3 in 'failure_class'; classes are 0 to 1.", error.Message);
    }

    [Fact]
    public void Fit_LabelChannelMissing_NamesTheChannels()
    {
        TelemetryTable train = Fleet(seed: 10);

        var error = Assert.Throws<SchemaException>(() => FailureClassifier.Fit(train, new FailureClassifierOptions()));

        Assert.Equal("The training table has no label channel 'failure_class_24h'; its channels are signal, noise, failure_class.", error.Message);
    }

    [Fact]
    public void Fit_LabelAsAFeature_IsRefused()
    {
        TelemetryTable train = Fleet(seed: 11);

        var error = Assert.Throws<SchemaException>(() => FailureClassifier.Fit(train, new FailureClassifierOptions { LabelChannel = "failure_class", FeatureChannels = ["signal", "failure_class"] }));

        Assert.Equal("The label channel 'failure_class' cannot also be a feature.", error.Message);
    }

    [Fact]
    public async Task LoadAsync_SavedModel_PredictsTheSame()
    {
        TelemetryTable train = Fleet(seed: 12);
        FailureClassificationModel model = FailureClassifier.Fit(train, Small());
        string path = Path.Combine(Path.GetTempPath(), $"classifier-{Guid.NewGuid():N}.pdm");
        try
        {
            await model.SaveAsync(path);
            FailureClassificationModel loaded = await FailureClassificationModel.LoadAsync(path);

            Assert.Equal(model.PredictProbabilities(train).Select(BitConverter.DoubleToInt64Bits), loaded.PredictProbabilities(train).Select(BitConverter.DoubleToInt64Bits));
            Assert.Equal(model.Classes, loaded.Classes);
            Assert.Equal(model.FeatureChannels, loaded.FeatureChannels);
            Assert.Equal("failure_class", loaded.LabelChannel);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void FromArtifact_FeatureChannelsDisagreeWithTheModel_IsRefused()
    {
        ModelArtifact artifact = FailureClassifier.Fit(Fleet(seed: 13), Small()).ToArtifact();
        JsonObject parameters = artifact.Parameters;
        parameters["featureChannels"] = new JsonArray("signal");

        var error = Assert.Throws<ModelArtifactException>(() => FailureClassificationModel.FromArtifact(Rebuild(artifact, parameters), "classifier.pdm"));

        Assert.Equal("classifier.pdm: the ML.NET model reads Vector<Single, 2>, but the artifact lists 1 feature channels.", error.Message);
    }

    [Fact]
    public void FromArtifact_CorruptedPayloadOrOneClass_IsRefused()
    {
        ModelArtifact artifact = FailureClassifier.Fit(Fleet(seed: 14), Small()).ToArtifact();
        byte[] payload = artifact.GetPayload("mlnet-model.zip").ToArray();
        ModelArtifact truncated = new ModelArtifact(artifact.ModelType, artifact.ModelVersion, artifact.Parameters).WithPayload("mlnet-model.zip", payload.AsSpan(0, payload.Length / 2));
        JsonObject parameters = artifact.Parameters;
        parameters["classes"] = new JsonArray("none");

        Assert.StartsWith(
            "classifier.pdm: the ML.NET model cannot be loaded: ",
            Assert.Throws<ModelArtifactException>(() => FailureClassificationModel.FromArtifact(truncated, "classifier.pdm")).Message,
            StringComparison.Ordinal);
        Assert.Equal(
            "classifier.pdm: a classifier needs at least 2 classes, the artifact names 1.",
            Assert.Throws<ModelArtifactException>(() => FailureClassificationModel.FromArtifact(Rebuild(artifact, parameters), "classifier.pdm")).Message);
        Assert.Equal(
            "The artifact holds a 'boosted-regressor' model, not a 'failure-classifier' model.",
            Assert.Throws<ModelArtifactException>(() => FailureClassificationModel.FromArtifact(new ModelArtifact("boosted-regressor", 1, []), "classifier.pdm")).Message);
    }

    /// <summary>
    /// Hourly rows of 4 machines whose class (0 most often, else 1 to 3) shows in <c>signal</c> (the class plus noise
    /// of 0.15) and not in <c>noise</c>; every <paramref name="unknownEvery"/>-th row's label is NaN when given.
    /// </summary>
    private static TelemetryTable Fleet(int seed, int unknownEvery = 0)
    {
        var schema = new TelemetrySchema("machine", "time", TimeKind.Cycle,
            [new("signal"), new("noise"), new("failure_class", ChannelRole.Label)]);
        var random = new Random(seed);
        var builder = new TelemetryTableBuilder(schema);
        double[] row = new double[3];
        int index = 0;
        for (int machine = 1; machine <= 4; machine++)
        {
            for (int t = 0; t < 100; t++, index++)
            {
                int label = random.NextDouble() < 0.55 ? 0 : random.Next(1, 4);
                row[0] = label + (0.15 * (random.NextDouble() - 0.5) * 2);
                row[1] = random.NextDouble();
                row[2] = unknownEvery > 0 && index % unknownEvery == 0 ? double.NaN : label;
                builder.Add($"m{machine}", t, row);
            }
        }

        return builder.Build();
    }

    private static ModelArtifact Rebuild(ModelArtifact artifact, JsonObject parameters) =>
        new ModelArtifact(artifact.ModelType, artifact.ModelVersion, parameters).WithPayload("mlnet-model.zip", artifact.GetPayload("mlnet-model.zip").Span);
}
