using Apache.Arrow;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace PredictiveMaintenance.DeltaLake.Tests;

/// <summary>Random data written through the writer reads back unchanged, with statistics that bound it.</summary>
public class DeltaTableRoundTripProperties
{
    private static readonly DeltaStructType Schema = new(
        new DeltaStructField("id", DeltaPrimitiveType.Long),
        new DeltaStructField("value", DeltaPrimitiveType.Double),
        new DeltaStructField("label", DeltaPrimitiveType.String),
        new DeltaStructField("site", DeltaPrimitiveType.String));

    private static readonly Gen<(long? Id, double? Value, string? Label, string? Site)> RowGen =
        from id in Gen.Choose(-1000, 1000).Select(i => i % 7 == 0 ? (long?)null : i * 1_000_003L)
        from value in Gen.Choose(-100_000, 100_000).Select(v => v % 5 == 0 ? (double?)null : v / 8.0)
        from label in Gen.Elements<string?>(null, string.Empty, "a", "ä", "long label of more than thirty-two characters, truly")
        from site in Gen.Elements<string?>(null, "north", "south", "east west")
        select (id, value, label, site);

    [Property(MaxTest = 15)]
    public Property AppendThenRead_RandomRows_RoundTripAndStatisticsBoundEachFile() => Prop.ForAll(
        RowGen.ListOf().Select(l => l.ToArray()).ToArbitrary(),
        rows =>
        {
            using var dir = new TempDirectory();
            DeltaTable table = DeltaTable.CreateAsync(dir.Path, Schema, new DeltaCreateOptions { PartitionColumns = ["site"] }).GetAwaiter().GetResult();
            RecordBatch batch = TestData.Batch(
                ("id", TestData.Longs([.. rows.Select(r => r.Id)])),
                ("value", TestData.Doubles([.. rows.Select(r => r.Value)])),
                ("label", TestData.Strings([.. rows.Select(r => r.Label)])),
                ("site", TestData.Strings([.. rows.Select(r => r.Site)])));

            table.AppendAsync(batch).GetAwaiter().GetResult();
            DeltaSnapshot snapshot = table.GetSnapshotAsync().GetAwaiter().GetResult();
            List<object?[]> read = TestData.RowsAsync(snapshot).GetAwaiter().GetResult();

            IEnumerable<string> expected = rows.Select(r => Key(r.Id, r.Value, r.Label, r.Site)).Order(StringComparer.Ordinal);
            IEnumerable<string> actual = read.Select(r => Key((long?)r[0], (double?)r[1], (string?)r[2], (string?)r[3])).Order(StringComparer.Ordinal);
            bool sameRows = expected.SequenceEqual(actual);
            // Skipping by statistics must keep every file that holds the value looked for.
            bool bounded = snapshot.Files.All(f =>
                rows.Where(r => r.Site == f.PartitionValues["site"]).All(r =>
                    (r.Id is null || snapshot.GetFiles(DeltaPredicate.Equal("id", r.Id.Value)).Contains(f))
                    && (r.Value is null || snapshot.GetFiles(DeltaPredicate.Equal("value", r.Value.Value)).Contains(f))
                    && (r.Label is null || snapshot.GetFiles(DeltaPredicate.Equal("label", r.Label)).Contains(f))));
            return (sameRows && bounded && snapshot.RowCount == rows.Length).Label($"{rows.Length} rows, {snapshot.Files.Count} files");
        });

    private static string Key(long? id, double? value, string? label, string? site) =>
        FormattableString.Invariant($"{id?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "null"}|{value?.ToString("R", System.Globalization.CultureInfo.InvariantCulture) ?? "null"}|{label ?? "null"}|{site ?? "null"}");
}
