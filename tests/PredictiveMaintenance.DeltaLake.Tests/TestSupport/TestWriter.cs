using System.Diagnostics;
using System.Globalization;

namespace PredictiveMaintenance.DeltaLake.Tests;

/// <summary>Starts tests/PredictiveMaintenance.DeltaLake.TestWriter as a separate process, and checks what writers of it leave.</summary>
internal static class TestWriter
{
    /// <summary>The schema of the rows the writer appends: (writer, batch, row, part), partitioned by part.</summary>
    public static readonly DeltaStructType Schema = new(
        new DeltaStructField("writer", DeltaPrimitiveType.Integer, nullable: false),
        new DeltaStructField("batch", DeltaPrimitiveType.Integer, nullable: false),
        new DeltaStructField("row", DeltaPrimitiveType.Long, nullable: false),
        new DeltaStructField("part", DeltaPrimitiveType.String));

    /// <summary><paramref name="count"/> rows of <see cref="Schema"/> from writer 0's batch <paramref name="batch"/>, alternately in parts "even" and "odd".</summary>
    public static Apache.Arrow.RecordBatch Rows(int batch, int count) => TestData.Batch(
        ("writer", TestData.Ints([.. Enumerable.Repeat<int?>(0, count)])),
        ("batch", TestData.Ints([.. Enumerable.Repeat<int?>(batch, count)])),
        ("row", TestData.Longs([.. Enumerable.Range(0, count).Select(r => (long?)r)])),
        ("part", TestData.Strings([.. Enumerable.Range(0, count).Select(r => r % 2 == 0 ? "even" : "odd")])));

    public static Process Start(string mode, string table, IReadOnlyDictionary<string, string> environment, int writer, params int[] counts)
    {
        string helper = Path.Combine(AppContext.BaseDirectory, "PredictiveMaintenance.DeltaLake.TestWriter.dll");
        string host = Environment.ProcessPath is { } p && Path.GetFileNameWithoutExtension(p) == "dotnet" ? p : "dotnet";
        var start = new ProcessStartInfo(host)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(helper);
        start.ArgumentList.Add(mode);
        start.ArgumentList.Add(table);
        start.ArgumentList.Add(writer.ToString(CultureInfo.InvariantCulture));
        foreach (int count in counts)
        {
            start.ArgumentList.Add(count.ToString(CultureInfo.InvariantCulture));
        }

        // A crashing writer must leave no dump behind, and anything it does leave lands in the temporary folder, not in the repository.
        start.Environment["DOTNET_DbgEnableMiniDump"] = "0";
        start.Environment["DOTNET_EnableCrashReport"] = "0";
        foreach ((string name, string value) in environment)
        {
            start.Environment[name] = value;
        }

        start.WorkingDirectory = Path.GetTempPath();
        return Process.Start(start)!;
    }

    /// <summary>4 writer processes × 50 idempotent appends of 10 rows to a new table: 200 contiguous commits, every row once, checkpoints every 10 versions.</summary>
    public static async Task AssertFourWritersCommitEveryRowOnceAsync(DeltaTable table, Func<Task<IEnumerable<string>>> commitFileNames, IReadOnlyDictionary<string, string> environment)
    {
        const int Writers = 4;
        const int Batches = 50;
        const int RowsPerBatch = 10;

        Process[] processes = [.. Enumerable.Range(0, Writers).Select(w => Start("append", table.Path, environment, w, Batches, RowsPerBatch))];
        string[] outputs = await Task.WhenAll(processes.Select(p => p.StandardOutput.ReadToEndAsync()));
        string[] errors = await Task.WhenAll(processes.Select(p => p.StandardError.ReadToEndAsync()));
        await Task.WhenAll(processes.Select(p => p.WaitForExitAsync()));

        Assert.All(errors, e => Assert.Equal(string.Empty, e));
        Assert.All(processes, p => Assert.Equal(0, p.ExitCode));
        DeltaSnapshot snapshot = await table.GetSnapshotAsync();
        List<object?[]> rows = await TestData.RowsAsync(snapshot);
        long[] committed = [.. outputs.SelectMany(o => o.Split('\n', StringSplitOptions.RemoveEmptyEntries)).Select(l => long.Parse(l.Split(' ')[2], CultureInfo.InvariantCulture)).Order()];

        Assert.Equal(Writers * Batches, snapshot.Version);
        Assert.Equal(Enumerable.Range(1, Writers * Batches).Select(v => (long)v), committed);
        Assert.Equal(Enumerable.Range(0, (Writers * Batches) + 1).Select(v => $"{v:D20}.json"), (await commitFileNames()).Order(StringComparer.Ordinal));
        Assert.Equal(Writers * Batches * RowsPerBatch, rows.Count);
        Assert.Equal(rows.Count, rows.Select(r => $"{r[0]}/{r[1]}/{r[2]}").Distinct().Count());
        Assert.All(Enumerable.Range(0, Writers), w => Assert.Equal(Batches - 1, snapshot.Transactions[$"writer-{w}"]));
        Assert.Equal(20, snapshot.CheckpointVersion / 10);
    }
}
