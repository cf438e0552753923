namespace PredictiveMaintenance.Pipeline;

/// <summary>A pipeline configuration is invalid: unknown keys, values of the wrong type, missing or inconsistent settings.</summary>
public sealed class PipelineConfigurationException : PredictiveMaintenanceException
{
    /// <summary>Creates the exception.</summary>
    public PipelineConfigurationException()
    {
        Errors = [];
    }

    /// <summary>Creates the exception with a message.</summary>
    /// <param name="message">The message.</param>
    public PipelineConfigurationException(string message)
        : base(message)
    {
        Errors = [message];
    }

    /// <summary>Creates the exception with a message and its cause.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause.</param>
    public PipelineConfigurationException(string message, Exception? innerException)
        : base(message, innerException)
    {
        Errors = [message];
    }

    /// <summary>Creates the exception for the errors found in a configuration.</summary>
    /// <param name="file">The configuration file, when the options came from one.</param>
    /// <param name="errors">Each error, starting with the JSON path of its setting (e.g. <c>$.features.spec</c>).</param>
    public PipelineConfigurationException(string? file, IReadOnlyList<string> errors)
        : base(Describe(file, errors))
    {
        ArgumentNullException.ThrowIfNull(errors);
        File = file;
        Errors = errors;
    }

    /// <summary>The configuration file, when known.</summary>
    public string? File { get; }

    /// <summary>The errors, each starting with the JSON path of its setting.</summary>
    public IReadOnlyList<string> Errors { get; }

    private static string Describe(string? file, IReadOnlyList<string> errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        string where = file is null ? "The pipeline configuration" : $"The pipeline configuration '{file}'";
        return errors.Count == 1
            ? $"{where} is invalid: {errors[0]}"
            : $"{where} has {errors.Count} errors:{Environment.NewLine}  " + string.Join(Environment.NewLine + "  ", errors);
    }
}
