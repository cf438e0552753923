using System.Runtime.InteropServices;

namespace PredictiveMaintenance.Storage;

/// <summary>
/// Publishes a fully written file under a final name only if that name is free, atomically (PROTOCOL.md, Creation of New
/// Log Entries: mutual exclusion comes from put-if-absent, and readers must never see a partial commit).
/// </summary>
/// <remarks>
/// On Unix a hard link (<c>link(2)</c>) fails with EEXIST when the name exists and otherwise makes the complete file
/// appear at once; on Windows <c>MoveFileEx</c> without the replace flag has the same two properties.
/// <c>FileMode.CreateNew</c> would be atomic for existence but would let readers see a commit while it is being written.
/// </remarks>
internal static partial class AtomicFile
{
    private const int EEXIST = 17;

    /// <summary>Writes <paramref name="content"/> to <paramref name="path"/> unless it exists; returns false when it does.</summary>
    public static async Task<bool> TryCreateAsync(string path, ReadOnlyMemory<byte> content, DateTime? modificationTimeUtc, CancellationToken cancellationToken)
    {
        string directory = Path.GetDirectoryName(path)!;
        string temporary = Path.Combine(directory, $".{Path.GetFileName(path)}.{Guid.NewGuid():N}.tmp");
        FileStream stream = new(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, 4096, FileOptions.Asynchronous);
        await using (stream.ConfigureAwait(false))
        {
            await stream.WriteAsync(content, cancellationToken).ConfigureAwait(false);
            stream.Flush(flushToDisk: true);
        }

        try
        {
            if (modificationTimeUtc is { } time)
            {
                File.SetLastWriteTimeUtc(temporary, time);
            }

            return Publish(temporary, path);
        }
        finally
        {
            File.Delete(temporary);
        }
    }

    /// <summary>Replaces <paramref name="path"/> with new content atomically (for checkpoints and <c>_last_checkpoint</c>, which may be rewritten).</summary>
    public static async Task ReplaceAsync(string path, Func<Stream, Task> write)
    {
        string temporary = Path.Combine(Path.GetDirectoryName(path)!, $".{Path.GetFileName(path)}.{Guid.NewGuid():N}.tmp");
        try
        {
            FileStream stream = new(temporary, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 1 << 16, FileOptions.Asynchronous);
            await using (stream.ConfigureAwait(false))
            {
                await write(stream).ConfigureAwait(false);
                stream.Flush(flushToDisk: true);
            }

            File.Move(temporary, path, overwrite: true);
        }
        finally
        {
            File.Delete(temporary);
        }
    }

    private static bool Publish(string temporary, string path)
    {
        if (OperatingSystem.IsWindows())
        {
            try
            {
                File.Move(temporary, path, overwrite: false);
                return true;
            }
            catch (IOException) when (File.Exists(path))
            {
                return false;
            }
        }

        if (Link(temporary, path) == 0)
        {
            return true;
        }

        int error = Marshal.GetLastPInvokeError();
        return error == EEXIST
            ? false
            : throw new IOException($"Cannot create '{path}': link(2) failed with errno {error} ({Marshal.GetPInvokeErrorMessage(error)}).");
    }

    [LibraryImport("libc", EntryPoint = "link", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Link(string existingPath, string newPath);
}
