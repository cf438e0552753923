namespace PredictiveMaintenance.Models.Tests.Classification;

public class ClassificationEvaluationTests
{
    private static readonly string[] Classes = ["none", "comp1", "comp2"];

    [Fact]
    public void Evaluate_ThreeClasses_CountsTheConfusionMatrixAndPerClassScores()
    {
        int[] actual = [0, 0, 0, 0, 1, 1, 1, 2, 2, 2];
        int[] predicted = [0, 0, 0, 1, 1, 1, 0, 2, 2, 1];

        ClassificationEvaluation e = ClassificationEvaluation.Evaluate(predicted, actual, Classes);

        Assert.Equal(10, e.Count);
        Assert.Equal(
            [3, 1, 0, 1, 2, 0, 0, 1, 2],
            from a in Enumerable.Range(0, 3) from p in Enumerable.Range(0, 3) select e[a, p]);
        Assert.Equal(0.75, e.Precision(0), 12);
        Assert.Equal(0.75, e.Recall(0), 12);
        Assert.Equal(0.5, e.Precision(1), 12);
        Assert.Equal(2.0 / 3, e.Recall(1), 12);
        Assert.Equal(2 * 0.5 * (2.0 / 3) / (0.5 + (2.0 / 3)), e.F1(1), 12);
        Assert.Equal(1.0, e.Precision(2), 12);
        Assert.Equal(0.7, e.Accuracy, 12);
    }

    [Fact]
    public void Precision_ClassNeverPredicted_IsZero()
    {
        ClassificationEvaluation e = ClassificationEvaluation.Evaluate([0, 0], [0, 2], Classes);

        Assert.Equal(0, e.Precision(2));
        Assert.Equal(0, e.Recall(2));
        Assert.Equal(0, e.F1(2));
        Assert.Equal(0, e.Recall(1));
    }

    [Fact]
    public void Evaluate_ClassOutOfRange_IsRefusedNamingTheItem()
    {
        var error = Assert.Throws<ArgumentException>(() => ClassificationEvaluation.Evaluate([0, 3], [0, 1], Classes));
        Assert.StartsWith("Item 1 has class 1 predicted as 3; classes are 0 to 2.", error.Message, StringComparison.Ordinal);
    }
}
