using System.Text.Json;
using Apache.Arrow;
using Apache.Arrow.Types;

namespace PredictiveMaintenance.DeltaLake.Tests;

/// <summary>Paths of the golden tables and helpers to build and read Arrow data in tests.</summary>
internal static class TestData
{
    public static string GoldenRoot { get; } = Path.Combine(AppContext.BaseDirectory, "data", "delta-golden");

    public static string Golden(string name) => Path.Combine(GoldenRoot, name);

    public static JsonElement Manifest { get; } = JsonDocument.Parse(File.ReadAllText(Path.Combine(GoldenRoot, "MANIFEST.expected.json"))).RootElement.GetProperty("tables");

    /// <summary>Reads a snapshot's rows as boxed values (see <see cref="ArrowValues.ToObject"/>), one array per row.</summary>
    public static async Task<List<object?[]>> RowsAsync(DeltaSnapshot snapshot, DeltaScanOptions? options = null)
    {
        var rows = new List<object?[]>();
        await foreach (RecordBatch batch in snapshot.ReadBatchesAsync(options))
        {
            for (int r = 0; r < batch.Length; r++)
            {
                rows.Add([.. Enumerable.Range(0, batch.ColumnCount).Select(c => ArrowValues.ToObject(batch.Column(c), r))]);
            }
        }

        return rows;
    }

    /// <summary>The values of one column of every row, in file order.</summary>
    public static async Task<List<object?>> ColumnAsync(DeltaSnapshot snapshot, string column) =>
        [.. (await RowsAsync(snapshot, new DeltaScanOptions { Columns = [column] })).Select(r => r[0])];

    /// <summary>Copies a directory tree (to modify a table without touching the shared copy).</summary>
    public static void CopyDirectory(string source, string destination)
    {
        Directory.CreateDirectory(destination);
        foreach (string file in Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories))
        {
            string target = Path.Combine(destination, Path.GetRelativePath(source, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
    }

    public static RecordBatch Batch(params (string Name, IArrowArray Array)[] columns) =>
        new(new Apache.Arrow.Schema([.. columns.Select(c => new Field(c.Name, c.Array.Data.DataType, true))], null), columns.Select(c => c.Array), columns.Length == 0 ? 0 : columns[0].Array.Length);

    public static Int64Array Longs(params long?[] values)
    {
        var builder = new Int64Array.Builder();
        foreach (long? v in values)
        {
            if (v is { } x)
            {
                builder.Append(x);
            }
            else
            {
                builder.AppendNull();
            }
        }

        return builder.Build();
    }

    public static Int32Array Ints(params int?[] values)
    {
        var builder = new Int32Array.Builder();
        foreach (int? v in values)
        {
            if (v is { } x)
            {
                builder.Append(x);
            }
            else
            {
                builder.AppendNull();
            }
        }

        return builder.Build();
    }

    public static DoubleArray Doubles(params double?[] values)
    {
        var builder = new DoubleArray.Builder();
        foreach (double? v in values)
        {
            if (v is { } x)
            {
                builder.Append(x);
            }
            else
            {
                builder.AppendNull();
            }
        }

        return builder.Build();
    }

    public static StringArray Strings(params string?[] values)
    {
        var builder = new StringArray.Builder();
        foreach (string? v in values)
        {
            if (v is null)
            {
                builder.AppendNull();
            }
            else
            {
                builder.Append(v);
            }
        }

        return builder.Build();
    }

    public static TimestampArray Timestamps(params long?[] micros)
    {
        var builder = new TimestampArray.Builder(new TimestampType(TimeUnit.Microsecond, "UTC"));
        foreach (long? v in micros)
        {
            if (v is { } x)
            {
                builder.Append(DateTimeOffset.UnixEpoch.AddTicks(x * 10));
            }
            else
            {
                builder.AppendNull();
            }
        }

        return builder.Build();
    }

    public static Date32Array Dates(params DateOnly?[] values)
    {
        var builder = new Date32Array.Builder();
        foreach (DateOnly? v in values)
        {
            if (v is { } x)
            {
                builder.Append(x);
            }
            else
            {
                builder.AppendNull();
            }
        }

        return builder.Build();
    }
}
