using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using PredictiveMaintenance.Models.Anomaly;

namespace PredictiveMaintenance.Models.Tests.Thresholds;

public class AlarmSmoothingTests
{
    [Fact]
    public void Apply_TwoOfThree_NeedsTwoOfTheLastThreeRows()
    {
        bool[] raw = [true, false, true, false, false, true, true, false, false, false];
        bool[] smoothed = new bool[raw.Length];

        new AlarmSmoothing(2, 3).Apply(raw, smoothed);

        Assert.Equal([false, false, true, false, false, false, true, true, false, false], smoothed);
    }

    [Fact]
    public void Apply_InPlace_GivesTheSameAsACopy()
    {
        bool[] raw = [true, true, false, true, true, true, false];
        bool[] expected = new bool[raw.Length];
        var rule = new AlarmSmoothing(3, 4);
        rule.Apply(raw, expected);

        rule.Apply(raw, raw);

        Assert.Equal(expected, raw);
    }

    [Property(MaxTest = 200)]
    public Property Apply_AnyRule_MatchesCountingTheWindow() => Prop.ForAll(
        Gen.Choose(1, 12).SelectMany(n => Gen.Choose(1, n).Select(k => (k, n))).Zip(Gen.ArrayOf(ArbMap.Default.GeneratorFor<bool>())).ToArbitrary(),
        input =>
        {
            ((int k, int n), bool[] raw) = input;
            bool[] smoothed = new bool[raw.Length];
            new AlarmSmoothing(k, n).Apply(raw, smoothed);
            return Enumerable.Range(0, raw.Length).All(i => smoothed[i] == (raw.Skip(Math.Max(0, i - n + 1)).Take(Math.Min(n, i + 1)).Count(a => a) >= k));
        });

    [Fact]
    public void Default_IsNone()
    {
        Assert.Equal(AlarmSmoothing.None, default);
        Assert.True(default(AlarmSmoothing).IsNone);
        Assert.Equal((1, 1), (default(AlarmSmoothing).Required, default(AlarmSmoothing).Window));
        Assert.False(new AlarmSmoothing(1, 3).IsNone);
        Assert.Equal("2 of 5", new AlarmSmoothing(2, 5).ToString());
    }

    [Fact]
    public void Constructor_MoreRequiredThanWindow_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new AlarmSmoothing(4, 3));
    }
}
