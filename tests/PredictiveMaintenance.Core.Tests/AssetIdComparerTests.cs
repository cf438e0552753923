namespace PredictiveMaintenance.Tests;

public class AssetIdComparerTests
{
    [Fact]
    public void Sort_MixedIds_OrdersDigitRunsNumerically()
    {
        string[] ids = ["10", "valve1/10", "2", "b", "valve1/2", "1", "a10", "a9", "01", "100", ""];
        Array.Sort(ids, AssetIdComparer.Instance);
        Assert.Equal(["", "01", "1", "2", "10", "100", "a9", "a10", "b", "valve1/2", "valve1/10"], ids);
    }

    [Theory]
    [InlineData("1", "1", 0)]
    [InlineData("01", "1", -1)]
    [InlineData("99999999999999999999999", "100000000000000000000000", -1)]
    [InlineData("x2y", "x2", 1)]
    public void Compare_Pairs_IsAntisymmetric(string x, string y, int expected)
    {
        Assert.Equal(expected, Math.Sign(AssetIdComparer.Instance.Compare(x, y)));
        Assert.Equal(-expected, Math.Sign(AssetIdComparer.Instance.Compare(y, x)));
    }
}
