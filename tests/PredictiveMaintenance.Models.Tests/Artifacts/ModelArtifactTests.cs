using System.IO.Compression;
using System.Text;
using System.Text.Json.Nodes;

namespace PredictiveMaintenance.Models.Tests.Artifacts;

public class ModelArtifactTests
{
    private static ModelArtifact Sample() =>
        new ModelArtifact("isolation-forest", 2, new JsonObject { ["trees"] = 100, ["features"] = new JsonArray("volt", "rotate") })
            .WithPayload("thresholds.bin", [0.5, -0.0, double.NaN, double.Epsilon, double.MaxValue])
            .WithPayload("notes.txt", "hello"u8);

    private static async Task<byte[]> BytesOf(ModelArtifact artifact)
    {
        using var stream = new MemoryStream();
        await artifact.WriteAsync(stream);
        return stream.ToArray();
    }

    private static Task<ModelArtifact> Read(byte[] bytes) => ModelArtifact.ReadAsync(new MemoryStream(bytes), "model.pdm");

    [Fact]
    public async Task ReadAsync_WrittenArtifact_RoundTripsBitForBit()
    {
        ModelArtifact read = await Read(await BytesOf(Sample()));

        Assert.Equal(("isolation-forest", 2), (read.ModelType, read.ModelVersion));
        Assert.Equal(100, (int)read.Parameters["trees"]!);
        Assert.Equal(["notes.txt", "thresholds.bin"], read.PayloadNames);
        Assert.Equal(
            new[] { 0.5, -0.0, double.NaN, double.Epsilon, double.MaxValue }.Select(BitConverter.DoubleToInt64Bits),
            read.GetDoubles("thresholds.bin").Select(BitConverter.DoubleToInt64Bits));
        Assert.Equal("hello"u8.ToArray(), read.GetPayload("notes.txt").ToArray());
    }

    [Fact]
    public async Task WriteAsync_SameModelTwice_GivesIdenticalBytes()
    {
        Assert.Equal(await BytesOf(Sample()), await BytesOf(Sample()));
    }

    [Fact]
    public async Task ReadAsync_AlteredPayload_IsRefusedNamingThePayload()
    {
        byte[] bytes = await BytesOf(Sample());
        using var copy = new MemoryStream();
        copy.Write(bytes);
        using (var zip = new ZipArchive(copy, ZipArchiveMode.Update, leaveOpen: true))
        {
            zip.GetEntry("payloads/notes.txt")!.Delete();
            using Stream stream = zip.CreateEntry("payloads/notes.txt").Open();
            stream.Write("HELLO"u8);
        }

        var error = await Assert.ThrowsAsync<ModelArtifactException>(() => Read(copy.ToArray()));
        Assert.StartsWith("model.pdm: payload 'notes.txt' has SHA-256 ", error.Message, StringComparison.Ordinal);
        Assert.EndsWith("; the artifact is corrupted or was altered.", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReadAsync_TruncatedOrForeignFile_IsRefused()
    {
        byte[] bytes = await BytesOf(Sample());
        await Assert.ThrowsAsync<ModelArtifactException>(() => Read(bytes[..(bytes.Length / 2)]));
        var error = await Assert.ThrowsAsync<ModelArtifactException>(() => Read(Encoding.UTF8.GetBytes("datetime,machineID\n")));
        Assert.StartsWith("model.pdm is not a model artifact (not a zip file): ", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReadAsync_NewerFormatVersion_IsRefusedSayingSo()
    {
        byte[] bytes = await BytesOf(Sample());
        byte[] edited = await EditManifest(bytes, m => m["formatVersion"] = 7);

        var error = await Assert.ThrowsAsync<ModelArtifactException>(() => Read(edited));
        Assert.Equal("model.pdm has format version 7; this package reads versions 1 to 1.", error.Message);
    }

    [Fact]
    public async Task ReadAsync_UnlistedEntry_IsRefused()
    {
        using var copy = new MemoryStream();
        copy.Write(await BytesOf(Sample()));
        using (var zip = new ZipArchive(copy, ZipArchiveMode.Update, leaveOpen: true))
        {
            using Stream stream = zip.CreateEntry("payloads/../../evil.dll").Open();
            stream.Write("MZ"u8);
        }

        var error = await Assert.ThrowsAsync<ModelArtifactException>(() => Read(copy.ToArray()));
        Assert.Equal("model.pdm has entries its manifest does not list: payloads/../../evil.dll.", error.Message);
    }

    [Fact]
    public void EnsureModel_OtherTypeOrNewerLayout_IsRefused()
    {
        ModelArtifact artifact = Sample();
        artifact.EnsureModel("isolation-forest", 2);
        Assert.Equal("The artifact holds a 'isolation-forest' model, not a 'lstm-regressor' model.", Assert.Throws<ModelArtifactException>(() => artifact.EnsureModel("lstm-regressor", 1)).Message);
        Assert.Equal("The 'isolation-forest' artifact has layout version 2; this package reads up to version 1. Update the package.", Assert.Throws<ModelArtifactException>(() => artifact.EnsureModel("isolation-forest", 1)).Message);
    }

    [Fact]
    public void GetPayload_Missing_NamesWhatThereIs()
    {
        Assert.Equal("The isolation-forest artifact has no payload 'trees.bin'; it has notes.txt, thresholds.bin.", Assert.Throws<ModelArtifactException>(() => Sample().GetPayload("trees.bin")).Message);
    }

    [Theory]
    [InlineData("../weights.bin")]
    [InlineData("a/b")]
    [InlineData(".hidden")]
    public void WithPayload_PathLikeName_IsRejected(string name)
    {
        Assert.Throws<ArgumentException>(() => Sample().WithPayload(name, "x"u8));
    }

    private static async Task<byte[]> EditManifest(byte[] bytes, Action<JsonObject> edit)
    {
        using var copy = new MemoryStream();
        copy.Write(bytes);
        using (var zip = new ZipArchive(copy, ZipArchiveMode.Update, leaveOpen: true))
        {
            ZipArchiveEntry entry = zip.GetEntry("manifest.json")!;
            JsonObject manifest;
            using (Stream read = entry.Open())
            {
                manifest = JsonNode.Parse(read)!.AsObject();
            }

            entry.Delete();
            edit(manifest);
            using Stream write = zip.CreateEntry("manifest.json").Open();
            await write.WriteAsync(Encoding.UTF8.GetBytes(manifest.ToJsonString()));
        }

        return copy.ToArray();
    }
}
