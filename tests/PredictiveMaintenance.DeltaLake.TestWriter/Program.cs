using System.Globalization;
using Apache.Arrow;
using Apache.Arrow.Types;
using PredictiveMaintenance.DeltaLake;

// Usage (<table> is a local directory or an object-store location; credentials come from the environment):
//   append <table> <writer> <batches> <rows>   appends <batches> batches of <rows> rows (writer, batch, row) idempotently
//   crash <table> <writer> <rows>              writes one batch's data files, then dies before creating the commit
if (args.Length < 4)
{
    Console.Error.WriteLine("usage: append <table> <writer> <batches> <rows> | crash <table> <writer> <rows>");
    return 2;
}

string mode = args[0];
string path = args[1];
int writer = int.Parse(args[2], CultureInfo.InvariantCulture);
if (mode == "append")
{
    int batches = int.Parse(args[3], CultureInfo.InvariantCulture);
    int rows = int.Parse(args[4], CultureInfo.InvariantCulture);
    DeltaTable table = await DeltaTable.OpenAsync(path, new DeltaTableOptions { MaxCommitRetries = 200 });
    for (int batch = 0; batch < batches; batch++)
    {
        DeltaCommitResult result = await table.AppendAsync(
            Batch(writer, batch, rows),
            new DeltaWriteOptions { ApplicationId = $"writer-{writer}", ApplicationVersion = batch });
        Console.WriteLine(FormattableString.Invariant($"{writer} {batch} {result.Version} {result.Retries}"));
    }

    return 0;
}

if (mode == "crash")
{
    int rows = int.Parse(args[3], CultureInfo.InvariantCulture);
    DeltaTable table = await DeltaTable.OpenAsync(path, new DeltaTableOptions { TimeProvider = new DieAtCommitClock() });
    await table.AppendAsync(Batch(writer, 0, rows));
    Console.Error.WriteLine("The commit was created although the writer should have died first.");
    return 3;
}

Console.Error.WriteLine($"unknown mode '{mode}'");
return 2;

static RecordBatch Batch(int writer, int batch, int rows)
{
    var writers = new Int32Array.Builder();
    var batches = new Int32Array.Builder();
    var sequence = new Int64Array.Builder();
    var part = new StringArray.Builder();
    for (int r = 0; r < rows; r++)
    {
        writers.Append(writer);
        batches.Append(batch);
        sequence.Append(r);
        part.Append((r % 2 == 0) ? "even" : "odd");
    }

    Schema schema = new Schema.Builder()
        .Field(new Field("writer", Int32Type.Default, false))
        .Field(new Field("batch", Int32Type.Default, false))
        .Field(new Field("row", Int64Type.Default, false))
        .Field(new Field("part", StringType.Default, true))
        .Build();
    return new RecordBatch(schema, [writers.Build(), batches.Build(), sequence.Build(), part.Build()], rows);
}

/// <summary>
/// A clock that kills the process the second time a write asks it for the time: the first call stamps the data files,
/// the second stamps the commit file, so the process dies after its data files are on disk and before the commit exists.
/// </summary>
internal sealed class DieAtCommitClock : TimeProvider
{
    private int _calls;

    public override DateTimeOffset GetUtcNow()
    {
        if (Interlocked.Increment(ref _calls) == 2)
        {
            Environment.FailFast("Simulated crash between writing data files and committing.");
        }

        return base.GetUtcNow();
    }
}
