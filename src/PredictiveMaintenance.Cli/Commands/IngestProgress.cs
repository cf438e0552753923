using PredictiveMaintenance.Pipeline;
using Spectre.Console;

namespace PredictiveMaintenance.Cli.Commands;

/// <summary>Shows the ingest on a progress task: one unit per staged file, advanced step by step (<see cref="BatchStage"/>).</summary>
/// <remarks>The pipeline reports synchronously from the ingesting thread; Spectre's tasks take their own lock, so no marshalling is needed.</remarks>
/// <param name="task">The task; indeterminate until the first file's first step.</param>
/// <param name="completed">Called once the last file is done, to start what follows the ingest.</param>
internal sealed class IngestProgress(ProgressTask task, Action? completed = null) : IProgress<BatchProgress>
{
    private static readonly int Steps = Enum.GetValues<BatchStage>().Length;

    public void Report(BatchProgress value)
    {
        task.IsIndeterminate = false;
        task.MaxValue = value.FileCount;
        task.Description = Markup.Escape($"ingest {value.File.Name} ({value.FileIndex + 1} of {value.FileCount})");
        task.Value = value.FileIndex + (((int)value.Stage + 1) / (double)Steps);
        if (value.Stage == BatchStage.Completed && value.FileIndex == value.FileCount - 1)
        {
            task.StopTask();
            completed?.Invoke();
        }
    }
}
