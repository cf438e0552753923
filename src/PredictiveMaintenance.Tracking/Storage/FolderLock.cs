using System.Diagnostics;

namespace PredictiveMaintenance.Tracking;

/// <summary>
/// A lock held across processes on a folder: an open <c>.lock</c> file with no sharing. On Unix .NET takes an exclusive
/// <c>flock(2)</c> on it, and on Windows a share-none handle; either way the operating system releases it when the
/// process exits, even if it is killed, so a crashed writer never leaves the store locked.
/// </summary>
internal static class FolderLock
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    public static async Task<IDisposable> AcquireAsync(string folder, CancellationToken cancellationToken)
    {
        string path = Path.Combine(folder, ".lock");
        long started = Stopwatch.GetTimestamp();
        int delay = 1;
        while (true)
        {
            try
            {
                return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, bufferSize: 1);
            }
            catch (IOException) when (File.Exists(path) && Stopwatch.GetElapsedTime(started) < Timeout)
            {
                // Held by another writer: back off, at most 50 ms between tries.
                await Task.Delay(delay, cancellationToken).ConfigureAwait(false);
                delay = Math.Min(delay * 2, 50);
            }
            catch (IOException e) when (File.Exists(path))
            {
                throw new TimeoutException($"Could not lock {path} within {Timeout.TotalSeconds:0} s; another process holds it.", e);
            }
        }
    }
}
