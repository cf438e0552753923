namespace PredictiveMaintenance.Tests;

public class AssetAttributesTests
{
    [Fact]
    public void AgeInYearsAt_KnownInstallDate_CountsJulianYears()
    {
        var machine = new AssetAttributes("1", "model3", new DateTime(1997, 1, 1), new Dictionary<string, string> { ["age"] = "18" });
        Assert.Equal(18.0, machine.AgeInYearsAt(new DateTime(2015, 1, 1))!.Value, 2);
        Assert.Null(new AssetAttributes("2", "model4").AgeInYearsAt(new DateTime(2015, 1, 1)));
    }

    [Fact]
    public void Equals_SameValues_AreEqual()
    {
        var a = new AssetAttributes("1", "model3", null, new Dictionary<string, string> { ["age"] = "18" });
        var b = new AssetAttributes("1", "model3", null, new Dictionary<string, string> { ["age"] = "18" });
        Assert.Equal(a, b);
        Assert.NotEqual(a, new AssetAttributes("1", "model3"));
    }
}
