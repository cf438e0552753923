namespace PredictiveMaintenance.Features.Tests.Kernels;

[Trait("Category", "Kernels")]
public class ShiftTests
{
    [Theory]
    [InlineData(0, 1)]
    [InlineData(1, 1)]
    [InlineData(2, 3)]
    [InlineData(50, 1)]
    [InlineData(50, 7)]
    public void LagAndDifference_MatchDefinition(int length, int lag)
    {
        double[] values = Samples.Series(length, 0.2, seed: length);
        double[] lagged = new double[length];
        double[] differences = new double[length];
        Assert.Equal(length, Shift.Lag(values, lag, lagged));
        Assert.Equal(length, Shift.Difference(values, lag, differences));
        for (int i = 0; i < length; i++)
        {
            Assert.Equal(i >= lag ? values[i - lag] : double.NaN, lagged[i]);
            Assert.Equal(i >= lag ? values[i] - values[i - lag] : double.NaN, differences[i]);
        }
    }

    [Fact]
    public void Lag_InPlace_ShiftsValues()
    {
        double[] values = [1, 2, 3, 4];
        Shift.Lag(values, 1, values);
        Assert.Equal([double.NaN, 1, 2, 3], values);
    }

    [Fact]
    public void Difference_InPlace_Differences()
    {
        double[] values = [1, 2, 4, 8, 16];
        Shift.Difference(values, 2, values);
        Assert.Equal([double.NaN, double.NaN, 3, 6, 12], values);
    }
}
