using PredictiveMaintenance.Storage;

namespace PredictiveMaintenance.DeltaLake.Tests.DeletionVectors;

public class DeletionVectorReaderTests
{
    [Fact]
    public async Task LoadAsync_InlineVectorOfTheProtocolExample_DeletesRows3To29()
    {
        var descriptor = new DeletionVectorDescriptor("i", "wi5b=000010000siXQKl0rr91000f55c8Xg0@@D72lkbi5=-{L", null, 40, 6);

        HashSet<long> rows = await DeletionVectorReader.LoadAsync(new LocalObjectStore("/unused"), descriptor, CancellationToken.None);

        Assert.Equal([3L, 4L, 7L, 11L, 18L, 29L], rows.Order());
    }

    [Fact]
    public async Task LoadAsync_CardinalityDisagreesWithBitmap_FailsNamingBoth()
    {
        var descriptor = new DeletionVectorDescriptor("i", "wi5b=000010000siXQKl0rr91000f55c8Xg0@@D72lkbi5=-{L", null, 40, 7);

        DeltaProtocolException error = await Assert.ThrowsAsync<DeltaProtocolException>(() => DeletionVectorReader.LoadAsync(new LocalObjectStore("/unused"), descriptor, CancellationToken.None));

        Assert.Equal("inline deletion vector: the deletion vector holds 6 rows but its descriptor says cardinality 7.", error.Message);
    }

    [Fact]
    public void Key_UuidWithPrefix_NamesTheFileUnderThePrefixDirectory()
    {
        string key = DeletionVectorReader.Key("ab^-aqEH.-t@S}K{vb[*k^");

        Assert.Equal("ab/deletion_vector_d2c639aa-8816-431a-aaf6-d3fe2512ff61.bin", key);
    }

    [Fact]
    public void ParseRoaringBitmapArray_BadMagicOrTruncated_FailsNamingTheSource()
    {
        DeltaProtocolException magic = Assert.Throws<DeltaProtocolException>(() => DeletionVectorReader.ParseRoaringBitmapArray(new byte[12], "dv.bin"));
        DeltaProtocolException truncated = Assert.Throws<DeltaProtocolException>(() => DeletionVectorReader.ParseRoaringBitmapArray(Z85.Decode("wi5b=000010000siXQKl0rr91000f55c8Xg0@@D72lkbi5=-{L", "test").AsSpan(0, 20), "dv.bin"));

        Assert.Equal("dv.bin: the deletion vector does not start with a RoaringBitmapArray magic number (1681511377 or 1681511376).", magic.Message);
        Assert.Equal("dv.bin: the deletion vector is truncated.", truncated.Message);
    }

    [Fact]
    public void Decode_Z85OfTheSpecification_ReturnsItsBytes()
    {
        byte[] bytes = Z85.Decode("HelloWorld", "test");

        Assert.Equal(new byte[] { 0x86, 0x4F, 0xD2, 0x6F, 0xB5, 0x59, 0xF7, 0x5B }, bytes);
    }
}
