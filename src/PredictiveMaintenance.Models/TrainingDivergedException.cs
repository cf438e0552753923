namespace PredictiveMaintenance.Models;

/// <summary>
/// Training produced a non-finite loss, weight or validation prediction, so it stopped: no model is returned, saved or
/// registered.
/// </summary>
public sealed class TrainingDivergedException : PredictiveMaintenanceException
{
    /// <summary>Creates an exception.</summary>
    public TrainingDivergedException()
    {
    }

    /// <summary>Creates an exception with a message.</summary>
    /// <param name="message">What diverged, naming the model, the epoch and the step, and what the user can change.</param>
    public TrainingDivergedException(string message)
        : base(message)
    {
    }

    /// <summary>Creates an exception with a message and its cause.</summary>
    /// <param name="message">What diverged, naming the model, the epoch and the step, and what the user can change.</param>
    /// <param name="innerException">The cause.</param>
    public TrainingDivergedException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates an exception for a model that diverged at a step.</summary>
    /// <param name="model">The model, as users name it (for example "Cnn sequence regressor").</param>
    /// <param name="epoch">The epoch, from 1.</param>
    /// <param name="step">The gradient step within the epoch, from 1; 0 where the check ran after the epoch's last step.</param>
    /// <param name="message">The whole message, naming the model, the epoch, the step and the remedy.</param>
    public TrainingDivergedException(string model, int epoch, int step, string message)
        : base(message)
    {
        Model = model;
        Epoch = epoch;
        Step = step;
    }

    /// <summary>The model that diverged, as users name it; null when not given.</summary>
    public string? Model { get; }

    /// <summary>The epoch at which training stopped, from 1; 0 when not given.</summary>
    public int Epoch { get; }

    /// <summary>The gradient step within <see cref="Epoch"/>, from 1; 0 when the check ran after the epoch.</summary>
    public int Step { get; }
}
