using PredictiveMaintenance.DeltaLake.Tests;

namespace PredictiveMaintenance.Storage.Tests;

public class AtomicFileTests
{
    [Fact]
    public async Task TryCreateAsync_NameTaken_LeavesTheExistingFileAndNoTemporary()
    {
        using var dir = new TempDirectory();
        string path = dir.Combine("00000000000000000001.json");
        var time = new DateTime(2015, 1, 1, 0, 0, 0, DateTimeKind.Utc);

        bool first = await AtomicFile.TryCreateAsync(path, "first"u8.ToArray(), time, CancellationToken.None);
        bool second = await AtomicFile.TryCreateAsync(path, "second"u8.ToArray(), null, CancellationToken.None);

        Assert.True(first);
        Assert.False(second);
        Assert.Equal("first", File.ReadAllText(path));
        Assert.Equal(time, File.GetLastWriteTimeUtc(path));
        Assert.Equal([path], Directory.GetFiles(dir.Path));
    }

    [Fact]
    public async Task TryCreateAsync_ManyContendersForOneName_ExactlyOneWins()
    {
        using var dir = new TempDirectory();
        string path = dir.Combine("00000000000000000001.json");

        bool[] results = await Task.WhenAll(Enumerable.Range(0, 16).Select(i => Task.Run(() => AtomicFile.TryCreateAsync(path, System.Text.Encoding.UTF8.GetBytes($"writer {i}"), null, CancellationToken.None))));

        Assert.Equal(1, results.Count(r => r));
        Assert.Equal($"writer {Array.IndexOf(results, true)}", File.ReadAllText(path));
    }
}
