using Microsoft.Extensions.Time.Testing;

namespace PredictiveMaintenance.Tracking.Tests;

/// <summary>A tracking store in a temporary folder, deleted with the test, and a clock that moves only when told.</summary>
internal sealed class TempStore : IDisposable
{
    public TempStore()
    {
        Folder = Directory.CreateTempSubdirectory("pdm-tracking-").FullName;
        Store = FolderTrackingStore.Open(Folder);
    }

    public string Folder { get; }

    public FolderTrackingStore Store { get; }

    public FakeTimeProvider Clock { get; } = new(new DateTimeOffset(2026, 11, 23, 8, 0, 0, TimeSpan.Zero));

    public void Dispose() => Directory.Delete(Folder, recursive: true);
}
