namespace PredictiveMaintenance.Core.Tests;

public class NameListsTests
{
    [Fact]
    public void IndexOf_FindsOrdinallyOrGivesMinusOne()
    {
        IReadOnlyList<string> names = ["volt", "rotate", "Volt"];

        Assert.Equal((0, 2, -1), (names.IndexOf("volt"), names.IndexOf("Volt"), names.IndexOf("pressure")));
    }

    [Fact]
    public void Positions_MapsEachNameToItsIndex()
    {
        Dictionary<string, int> positions = NameLists.Positions(["b", "a", "c"]);

        Assert.Equal([("a", 1), ("b", 0), ("c", 2)], positions.Select(p => (p.Key, p.Value)).Order());
    }

    [Fact]
    public void Positions_DuplicateName_IsRefused() =>
        Assert.Throws<ArgumentException>(() => NameLists.Positions(["a", "b", "a"]));
}
