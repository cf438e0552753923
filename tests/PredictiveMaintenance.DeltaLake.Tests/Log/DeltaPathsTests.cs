namespace PredictiveMaintenance.DeltaLake.Tests.Log;

public class DeltaPathsTests
{
    [Theory]
    [InlineData("part=2020-01-01%2008%253A09%253A10.001/f.parquet", "part=2020-01-01 08%3A09%3A10.001/f.parquet")]
    [InlineData("_2=bar+%252521/f.parquet", "_2=bar+%2521/f.parquet")]
    [InlineData("k=__HIVE_DEFAULT_PARTITION__/f.parquet", "k=__HIVE_DEFAULT_PARTITION__/f.parquet")]
    public void ToKey_LogPaths_DecodeOnceKeepingPlus(string uri, string relative)
    {
        Assert.Equal(relative, DeltaPaths.ToKey(uri));
    }

    [Theory]
    [InlineData("file:///data/t/f.parquet", "/data/t/f.parquet")]
    [InlineData("s3://bucket/t/f%20g.parquet", "s3://bucket/t/f%20g.parquet")]
    public void ToKey_AbsoluteUris_FileBecomesAPathOthersStay(string uri, string key)
    {
        Assert.Equal(key, DeltaPaths.ToKey(uri));
    }

    [Theory]
    [InlineData("time", "2020-01-01 08:09:10", "time=2020-01-01 08%3A09%3A10", "time=2020-01-01%2008%253A09%253A10")]
    [InlineData("k", null, "k=__HIVE_DEFAULT_PARTITION__", "k=__HIVE_DEFAULT_PARTITION__")]
    [InlineData("city", "São Paulo", "city=São Paulo", "city=S%C3%A3o%20Paulo")]
    public void PartitionDirectory_ThenToUri_EscapeLikeSpark(string column, string? value, string directory, string uri)
    {
        string name = DeltaPaths.PartitionDirectory(column, value);

        Assert.Equal(directory, name);
        Assert.Equal(uri, DeltaPaths.ToUri(name));
        Assert.Equal(directory, DeltaPaths.ToKey(uri));
    }

    [Theory]
    [InlineData("00000000000000000010.checkpoint.parquet", 10L, 1, 1, false)]
    [InlineData("00000000000000000001.checkpoint.0000000002.0000000002.parquet", 1L, 2, 2, false)]
    [InlineData("00000000000000000002.checkpoint.80a083e8-7026-4e79-81be-64bd76c43a11.json", 2L, 1, 1, true)]
    public void TryParseCheckpoint_NamingSchemes_Recognized(string name, long version, int part, int parts, bool isV2)
    {
        Assert.True(DeltaPaths.TryParseCheckpoint(name, out long v, out int p, out int n, out bool v2));
        Assert.Equal((version, part, parts, isV2), (v, p, n, v2));
        Assert.False(DeltaPaths.TryParseCommit(name, out _));
    }
}
