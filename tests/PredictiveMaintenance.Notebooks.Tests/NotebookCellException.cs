namespace PredictiveMaintenance.Notebooks.Tests;

/// <summary>A notebook cell that did not compile or threw; the message names the notebook and the cell.</summary>
public sealed class NotebookCellException : Exception
{
    public NotebookCellException()
    {
    }

    public NotebookCellException(string message)
        : base(message)
    {
    }

    public NotebookCellException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }
}
