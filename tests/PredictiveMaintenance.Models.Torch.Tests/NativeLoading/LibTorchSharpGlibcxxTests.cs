using PredictiveMaintenance.Build;
using static TorchSharp.torch;

namespace PredictiveMaintenance.Models.Torch.Tests.NativeLoading;

public class LibTorchSharpGlibcxxTests
{
    private static readonly string Pristine = Path.Combine(AppContext.BaseDirectory, "pristine", "libLibTorchSharp.so");
    private static readonly string NativeFolder = Path.Combine(AppContext.BaseDirectory, "runtimes", "linux-x64", "native");

    [Fact]
    public void TorchSharp_TinyRegression_LoadsAndTrainsOnThisMachine()
    {
        // On Debian 12 this is the test that fails without the build's patch: the first torch call loads libLibTorchSharp.so.
        random.manual_seed(7);
        using var model = nn.Linear(3, 1);
        using var optimizer = optim.Adam(model.parameters(), 0.05);
        using Tensor x = randn(128, 3);
        using Tensor y = x.sum(1, keepdim: true);
        float first = 0, last = 0;
        for (int step = 0; step < 300; step++)
        {
            optimizer.zero_grad();
            using Tensor loss = nn.functional.mse_loss(model.call(x), y);
            loss.backward();
            optimizer.step();
            last = loss.item<float>();
            first = step == 0 ? last : first;
        }

        Assert.True(first > 1f, $"initial loss {first}");
        Assert.True(last < 1e-3f, $"final loss {last}");
    }

    [Fact]
    public void Patch_PackagedLibrary_MakesExactlyTheThreeEditsInPlace()
    {
        byte[] original = File.ReadAllBytes(Pristine);
        byte[] image = (byte[])original.Clone();

        Assert.Equal(GlibcxxPatchResult.Patched, GlibcxxCompat.Patch(image));

        int[] changed = [.. Enumerable.Range(0, image.Length).Where(i => image[i] != original[i])];
        Assert.Equal(original.Length, image.Length);
        Assert.Equal(3, changed.Length);
        // The versym entry goes from index 18 (GLIBCXX_3.4.32) to 1 (global), vna_flags gains VER_FLG_WEAK, and st_info
        // goes from GLOBAL|FUNC to WEAK|FUNC.
        Assert.Equal([(18, 1), (0, 2), (0x12, 0x22)], changed.Select(i => ((int)original[i], (int)image[i])).OrderBy(p => p.Item2));
    }

    [Fact]
    public void Patch_AlreadyPatchedLibrary_ChangesNothing()
    {
        byte[] image = File.ReadAllBytes(Pristine);
        GlibcxxCompat.Patch(image);
        byte[] once = (byte[])image.Clone();

        Assert.Equal(GlibcxxPatchResult.AlreadyPatched, GlibcxxCompat.Patch(image));
        Assert.Equal(once, image);
    }

    [Fact]
    public void Patch_LibraryWithoutThatVersion_IsNotNeeded()
    {
        byte[] image = File.ReadAllBytes(Path.Combine(NativeFolder, "libc10.so"));
        byte[] before = (byte[])image.Clone();

        Assert.Equal(GlibcxxPatchResult.NotNeeded, GlibcxxCompat.Patch(image));
        Assert.Equal(before, image);
    }

    [Fact]
    public void Patch_NotAnElfFile_IsRefused()
    {
        byte[] text = new byte[128];
        "datetime,machineID\n"u8.CopyTo(text);

        var error = Assert.Throws<InvalidDataException>(() => GlibcxxCompat.Patch(text));
        Assert.Equal("not an ELF file", error.Message);
    }

    [Fact]
    public void DefinesVersion_LibraryVersionDefinitions_AreRead()
    {
        // libgomp, shipped with libtorch, defines its own symbol versions; libLibTorchSharp.so defines none.
        string gomp = Directory.GetFiles(NativeFolder, "libgomp*.so*").Single();
        byte[] image = File.ReadAllBytes(gomp);

        Assert.True(GlibcxxCompat.DefinesVersion(image, "GOMP_1.0"));
        Assert.False(GlibcxxCompat.DefinesVersion(image, GlibcxxCompat.RequiredVersion));
        Assert.Null(GlibcxxCompat.DefinesVersion(File.ReadAllBytes(Pristine), "GOMP_1.0"));
    }
}
