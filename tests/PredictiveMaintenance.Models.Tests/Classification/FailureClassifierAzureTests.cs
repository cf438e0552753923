using PredictiveMaintenance.Features;
using PredictiveMaintenance.IO;
using PredictiveMaintenance.Joins;

namespace PredictiveMaintenance.Models.Tests.Classification;

public class FailureClassifierAzureTests
{
    [Fact]
    public async Task Fit_AzureTrainingSetSplitByTime_FindsTheFailingComponents()
    {
        AzurePdmData azure = await AzurePdmDataset.LoadAsync(Path.Combine(AppContext.BaseDirectory, "data", "azure-pdm"));
        MaintenanceLogs logs = MaintenanceLogs.FromRecords(azure.Maintenance.Records, azure.Errors.Records, azure.Failures.Records, azure.Machines.Records);
        // The setting of docs/models.md and samples/AzureFailures, whose figures this pins loosely.
        var features = FeatureSpec.Parse(
            "volt: mean(3h), std(3h), mean(24h), std(24h); rotate: mean(3h), std(3h), mean(24h), std(24h); "
            + "pressure: mean(3h), std(3h), mean(24h), std(24h); vibration: mean(3h), std(3h), mean(24h), std(24h)");
        TrainingSet set = TrainingSet.Build(azure.Telemetry.Table, logs, new TrainingSetOptions { Features = features });
        TrainTestSplit split = set.SplitByTime(new DateTime(2015, 3, 1, 0, 0, 0, DateTimeKind.Utc));
        TrainingSet train = split.Train.DownSample(set.FailureClassColumn, majorityPerMinority: 3, seed: 1);

        FailureClassificationModel model = FailureClassifier.Fit(train.Table, new FailureClassifierOptions
        {
            LabelChannel = set.FailureClassColumn,
            ClassNames = ["none", .. set.Components],
            Seed = 1,
        });
        ClassificationEvaluation evaluation = model.Evaluate(split.Test.Table);

        Assert.Equal(["none", "comp1", "comp2", "comp3", "comp4"], evaluation.Classes);
        Assert.Equal(set.FeatureColumns, model.FeatureChannels);
        // Rows per class in the test part: 5, 5, 2 and 2 failures of up to 24 labelled hours each.
        Assert.Equal([14713, 120, 95, 48, 24], Enumerable.Range(0, 5).Select(a => Enumerable.Range(0, 5).Sum(p => evaluation[a, p])));
        for (int c = 0; c < 5; c++)
        {
            Assert.True(evaluation.Recall(c) > 0.9, $"recall of {evaluation.Classes[c]} is {evaluation.Recall(c):F3}");
            Assert.True(evaluation.Precision(c) > 0.9, $"precision of {evaluation.Classes[c]} is {evaluation.Precision(c):F3}");
        }
    }
}
