namespace PredictiveMaintenance.Pipeline;

/// <summary>An exclusive lock on a pipeline's state folder, held by an open file that the operating system releases if the process dies.</summary>
internal sealed class PipelineLock : IDisposable
{
    private readonly FileStream _file;

    private PipelineLock(FileStream file) => _file = file;

    public static PipelineLock Acquire(string stateFolder)
    {
        string path = Path.Combine(stateFolder, ".lock");
        try
        {
            return new PipelineLock(new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None));
        }
        catch (IOException e)
        {
            throw new PipelineBusyException($"Another batch of this pipeline is running (it holds '{path}'); batches never run at once.", e);
        }
    }

    public void Dispose() => _file.Dispose();
}
