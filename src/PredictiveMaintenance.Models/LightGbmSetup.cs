using Microsoft.ML.Trainers.LightGbm;

namespace PredictiveMaintenance.Models;

/// <summary>The LightGBM settings every model of this package trains with, in one place.</summary>
internal static class LightGbmSetup
{
    /// <summary>
    /// Sets the boosting rounds, tree size, learning rate and seed, and one thread (so that a seed gives the same model on
    /// any machine), on a LightGBM trainer's options.
    /// </summary>
    public static TOptions Configure<TOptions, TOutput, TTransformer, TModel>(
        LightGbmTrainerBase<TOptions, TOutput, TTransformer, TModel>.OptionsBase options, int iterations, int leaves, int minimumRowsPerLeaf, double learningRate, int seed)
        where TOptions : LightGbmTrainerBase<TOptions, TOutput, TTransformer, TModel>.OptionsBase, new()
        where TTransformer : Microsoft.ML.ISingleFeaturePredictionTransformer<TModel>
        where TModel : class
    {
        options.NumberOfIterations = iterations;
        options.NumberOfLeaves = leaves;
        options.MinimumExampleCountPerLeaf = minimumRowsPerLeaf;
        options.LearningRate = learningRate;
        options.NumberOfThreads = 1;
        options.Seed = seed;
        return (TOptions)options;
    }
}
