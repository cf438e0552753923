using PredictiveMaintenance.Storage;

namespace PredictiveMaintenance.Pipeline;

/// <summary>
/// A staged file as a local path for the readers: the file itself on local disk, or a download of the object into a
/// temporary folder (keeping its name, whose ending says its format), deleted on dispose.
/// </summary>
internal sealed class LocalCopy : IAsyncDisposable
{
    private readonly string? _folder;

    private LocalCopy(string path, string? folder)
    {
        Path = path;
        _folder = folder;
    }

    public string Path { get; }

    public static async Task<LocalCopy> CreateAsync(ObjectStore staging, StagedFile file, CancellationToken cancellationToken)
    {
        if (staging is LocalObjectStore)
        {
            return new LocalCopy(file.Path, null);
        }

        string folder = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "pdm-staged-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        var copy = new LocalCopy(System.IO.Path.Combine(folder, file.Name[(file.Name.LastIndexOf('/') + 1)..]), folder);
        try
        {
            Stream source = await staging.OpenReadAsync(file.Name, cancellationToken).ConfigureAwait(false);
            await using (source.ConfigureAwait(false))
            {
                FileStream target = File.Create(copy.Path);
                await using (target.ConfigureAwait(false))
                {
                    await source.CopyToAsync(target, cancellationToken).ConfigureAwait(false);
                }
            }

            return copy;
        }
        catch
        {
            await copy.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    public ValueTask DisposeAsync()
    {
        if (_folder is not null && Directory.Exists(_folder))
        {
            Directory.Delete(_folder, recursive: true);
        }

        return ValueTask.CompletedTask;
    }
}
