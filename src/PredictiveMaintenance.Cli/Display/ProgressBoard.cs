using Spectre.Console;

namespace PredictiveMaintenance.Cli.Display;

/// <summary>The tasks of a progress display; without a display (not a terminal, or <c>--no-progress</c>) the tasks are kept but never drawn.</summary>
internal sealed class ProgressBoard(ProgressContext? context)
{
    private int _detached;

    /// <summary>Adds a task, started unless <paramref name="start"/> is false.</summary>
    /// <param name="description">What the task does, as plain text.</param>
    /// <param name="maxValue">The value at which it is complete.</param>
    /// <param name="start">Whether it runs from now on.</param>
    public ProgressTask Add(string description, double maxValue = 100, bool start = true)
    {
        string text = Markup.Escape(description);
        return context?.AddTask(text, start, maxValue) ?? new ProgressTask(++_detached, text, maxValue, start);
    }

    /// <summary>Adds a task whose length is unknown (a spinner and a moving bar), started unless <paramref name="start"/> is false.</summary>
    /// <param name="description">What the task does, as plain text.</param>
    /// <param name="start">Whether it runs from now on.</param>
    public ProgressTask AddIndeterminate(string description, bool start = true)
    {
        ProgressTask task = Add(description, start: start);
        task.IsIndeterminate = true;
        return task;
    }
}
