using System.Collections.ObjectModel;

namespace PredictiveMaintenance.Models;

/// <summary>A confusion matrix with precision, recall and F1 per class.</summary>
/// <remarks>Classes are numbered 0 to <see cref="Classes"/>.Count - 1. Immutable.</remarks>
public sealed class ClassificationEvaluation
{
    private readonly int[] _matrix;

    private ClassificationEvaluation(IReadOnlyList<string> classes, int[] matrix, int count)
    {
        Classes = classes;
        _matrix = matrix;
        Count = count;
    }

    /// <summary>The class names, by class number.</summary>
    public IReadOnlyList<string> Classes { get; }

    /// <summary>The number of predictions.</summary>
    public int Count { get; }

    /// <summary>The share of predictions that are right.</summary>
    public double Accuracy => Enumerable.Range(0, Classes.Count).Sum(c => this[c, c]) / (double)Count;

    /// <summary>The mean F1 over the classes.</summary>
    public double MacroF1 => Enumerable.Range(0, Classes.Count).Average(F1);

    /// <summary>How many items of class <paramref name="actual"/> were predicted as <paramref name="predicted"/>.</summary>
    /// <param name="actual">The true class.</param>
    /// <param name="predicted">The predicted class.</param>
    public int this[int actual, int predicted]
    {
        get
        {
            ArgumentOutOfRangeException.ThrowIfNegative(actual);
            ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(actual, Classes.Count);
            ArgumentOutOfRangeException.ThrowIfNegative(predicted);
            ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(predicted, Classes.Count);
            return _matrix[(actual * Classes.Count) + predicted];
        }
    }

    /// <summary>Counts predictions against the truth.</summary>
    /// <param name="predicted">The predicted class of each item.</param>
    /// <param name="actual">The true class of each item.</param>
    /// <param name="classes">The class names; their count fixes the valid class numbers.</param>
    /// <exception cref="ArgumentException">Lengths differ, there are no items or classes, or a class number is out of range.</exception>
    public static ClassificationEvaluation Evaluate(ReadOnlySpan<int> predicted, ReadOnlySpan<int> actual, IReadOnlyList<string> classes)
    {
        ArgumentNullException.ThrowIfNull(classes);
        if (predicted.Length != actual.Length)
        {
            throw new ArgumentException($"There are {predicted.Length} predictions but {actual.Length} true classes.", nameof(actual));
        }

        if (predicted.Length == 0 || classes.Count == 0)
        {
            throw new ArgumentException("There is nothing to evaluate: no predictions or no classes.", nameof(predicted));
        }

        int k = classes.Count;
        int[] matrix = new int[k * k];
        for (int i = 0; i < predicted.Length; i++)
        {
            if ((uint)predicted[i] >= (uint)k || (uint)actual[i] >= (uint)k)
            {
                throw new ArgumentException($"Item {i} has class {actual[i]} predicted as {predicted[i]}; classes are 0 to {k - 1}.", nameof(predicted));
            }

            matrix[(actual[i] * k) + predicted[i]]++;
        }

        return new ClassificationEvaluation(new ReadOnlyCollection<string>([.. classes]), matrix, predicted.Length);
    }

    /// <summary>Of the items predicted as the class, the share that are; 0 when none is predicted as it.</summary>
    /// <param name="classIndex">The class.</param>
    public double Precision(int classIndex)
    {
        int predictedAs = Enumerable.Range(0, Classes.Count).Sum(a => this[a, classIndex]);
        return predictedAs == 0 ? 0 : this[classIndex, classIndex] / (double)predictedAs;
    }

    /// <summary>Of the items of the class, the share predicted as it; 0 when there are none.</summary>
    /// <param name="classIndex">The class.</param>
    public double Recall(int classIndex)
    {
        int actualCount = Enumerable.Range(0, Classes.Count).Sum(p => this[classIndex, p]);
        return actualCount == 0 ? 0 : this[classIndex, classIndex] / (double)actualCount;
    }

    /// <summary>The harmonic mean of precision and recall; 0 when both are 0.</summary>
    /// <param name="classIndex">The class.</param>
    public double F1(int classIndex)
    {
        double p = Precision(classIndex);
        double r = Recall(classIndex);
        return p + r == 0 ? 0 : 2 * p * r / (p + r);
    }
}
